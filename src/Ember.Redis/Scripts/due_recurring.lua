-- GetDueRecurringJobs: ARGV[3] = max count. Returns HGETALL arrays, earliest NextRunAt first (ties by id).
local ids = rc('ZRANGEBYSCORE', B .. 'rec:due', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do out[#out + 1] = rc('HGETALL', B .. 'rec:' .. id) end
return out
