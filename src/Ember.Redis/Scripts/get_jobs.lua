-- GetJobs: ARGV[3] = index key suffix ("s:<state>" or "sq:<state>:<queue>"), ARGV[4] = offset, ARGV[5] = count.
-- Returns { id, HGETALL } pairs, newest first.
local ids = rc('ZREVRANGE', B .. ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[4]) + tonumber(ARGV[5]) - 1)
local out = {}
for _, id in ipairs(ids) do
  out[#out + 1] = id
  out[#out + 1] = rc('HGETALL', jk(id))
end
return out
