-- GetQueues: the queues that hold Enqueued jobs, as a flat array of name, count (unordered).
local out = {}
for _, q in ipairs(rc('SMEMBERS', B .. 'queues')) do
  local n = rc('ZCARD', B .. 'sq:Enqueued:' .. q)
  if n > 0 then out[#out + 1] = q; out[#out + 1] = n end
end
return out
