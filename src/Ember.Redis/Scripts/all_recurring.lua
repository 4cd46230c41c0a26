-- GetRecurringJobs: every recurring job by id, as HGETALL arrays.
local ids = rc('ZRANGE', B .. 'rec:ids', 0, -1)
local out = {}
for _, id in ipairs(ids) do out[#out + 1] = rc('HGETALL', B .. 'rec:' .. id) end
return out
