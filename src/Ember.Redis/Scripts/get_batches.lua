-- GetBatches: ARGV[3] = the index ('batches', or 'batches:<parent>' for nested ones, or 'batch:<id>' alone with
-- ARGV[5] = 'one'), ARGV[4] = only ids below this one ('' = no bound), ARGV[5] = count. Returns { id, HGETALL }
-- pairs, newest first.
local ids
if ARGV[5] == 'one' then
  ids = { ARGV[3] }
else
  local max = '+inf'
  if ARGV[4] ~= '' then max = '(' .. ARGV[4] end
  ids = rc('ZREVRANGEBYSCORE', B .. ARGV[3], max, '-inf', 'LIMIT', 0, tonumber(ARGV[5]))
end
local out = {}
for _, id in ipairs(ids) do
  local h = rc('HGETALL', B .. 'batch:' .. id)
  if #h > 0 then
    out[#out + 1] = id
    out[#out + 1] = h
  end
end
return out
