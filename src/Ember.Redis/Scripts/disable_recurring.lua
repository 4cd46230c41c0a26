-- DisableRecurringJob: ARGV[3] = id, ARGV[4] = expected next ('' = disabled), ARGV[5] = error. Returns 1 or 0.
local id = ARGV[3]
local k = B .. 'rec:' .. id
local f = rc('HMGET', k, 'id', 'next')
if not f[1] or (f[2] or '') ~= ARGV[4] then return 0 end
rc('HDEL', k, 'next')
rc('HSET', k, 'error', ARGV[5])
rc('ZREM', B .. 'rec:due', id)
return 1
