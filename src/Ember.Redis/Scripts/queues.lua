-- GetQueues: the queues that hold Enqueued jobs, as a flat array of name, count, and when the job at the head (the
-- lowest id: the next one fetched) became Enqueued, in ms ('' when unknown) (unordered).
local out = {}
for _, q in ipairs(rc('SMEMBERS', B .. 'queues')) do
  local key = B .. 'sq:Enqueued:' .. q
  local n = rc('ZCARD', key)
  if n > 0 then
    local head = rc('ZRANGE', key, 0, 0)[1]
    out[#out + 1] = q; out[#out + 1] = n; out[#out + 1] = (head and rc('HGET', jk(head), 'changed')) or ''
  end
end
return out
