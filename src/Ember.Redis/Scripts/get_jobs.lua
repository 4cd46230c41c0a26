-- GetJobs: ARGV[3] = index key suffix ("s:<state>", "sq:<state>:<queue>", "ft:<type>" or "retries"), ARGV[4] =
-- offset, ARGV[5] = count, ARGV[6] = only ids below this one ('' = no bound: a walk by key, see JobListRequest.BeforeId).
-- Returns { id, HGETALL } pairs, newest first.
local idx, offset, count = B .. ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local ids
if ARGV[6] == '' then
  ids = rc('ZREVRANGE', idx, offset, offset + count - 1)
else
  ids = rc('ZREVRANGEBYSCORE', idx, '(' .. ARGV[6], '-inf', 'LIMIT', offset, count)
end
local out = {}
for _, id in ipairs(ids) do
  out[#out + 1] = id
  out[#out + 1] = rc('HGETALL', jk(id))
end
return out
