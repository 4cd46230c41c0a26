-- GetConcurrencyKeys: the keys with a run going on or a limit set, as a flat array of key, limit set ('' for none),
-- waiting jobs, and the number of holders followed by their ids (unordered). The keys with runs are read from the
-- Processing jobs (sorted set 'processing', at most the farm's workers and their buffers), which the fetch and the
-- completions then need not keep in a set of their own.
local keys = {}
for _, id in ipairs(rc('ZRANGE', B .. 'processing', 0, -1)) do
  local ck = rc('HGET', jk(id), 'ck')
  if ck then keys[ck] = true end
end
for _, ck in ipairs(rc('HKEYS', B .. 'climit')) do keys[ck] = true end
local out = {}
for ck in pairs(keys) do
  local holders = rc('SMEMBERS', B .. 'ch:' .. ck)
  out[#out + 1] = ck
  out[#out + 1] = rc('HGET', B .. 'climit', ck) or ''
  out[#out + 1] = rc('HGET', B .. 'cwait', ck) or '0'
  out[#out + 1] = #holders
  for _, id in ipairs(holders) do out[#out + 1] = id end
end
return out
