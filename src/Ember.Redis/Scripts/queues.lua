-- GetQueues: the queues that hold Enqueued jobs, as a flat array of name, count, and when the job at the head (the
-- lowest id: the next one fetched) became Enqueued, in ms ('' when unknown) (unordered). Jobs parked by their
-- concurrency key's limit (common.lua) count with their queue; the head is the oldest of either.
local out = {}
for _, q in ipairs(rc('SMEMBERS', B .. 'queues')) do
  local key = B .. 'sq:Enqueued:' .. q
  local parked = B .. 'cwq:' .. q
  local n = rc('ZCARD', key) + rc('ZCARD', parked)
  if n > 0 then
    local head = rc('ZRANGE', key, 0, 0)[1]
    local first = rc('ZRANGE', parked, 0, 0)[1]
    if first and (not head or tonumber(first) < tonumber(head)) then head = first end
    out[#out + 1] = q; out[#out + 1] = n; out[#out + 1] = (head and rc('HGET', jk(head), 'changed')) or ''
  end
end
return out
