-- GetOldestEnqueuedAt: of the job at the head of each queue (its Enqueued job with the lowest id, the next fetched),
-- the earliest time it entered Enqueued, in ms; nil when no job is Enqueued. One read per queue.
local oldest = nil
for _, q in ipairs(rc('SMEMBERS', B .. 'queues')) do
  local head = rc('ZRANGE', B .. 'sq:Enqueued:' .. q, 0, 0)[1]
  if head then
    local at = tonumber(rc('HGET', jk(head), 'changed'))
    if at and (oldest == nil or at < oldest) then oldest = at end
  end
end
return oldest
