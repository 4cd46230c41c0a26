-- RemoveRecurringJob: ARGV[3] = id. Returns 1 when it existed.
local id = ARGV[3]
local n = rc('DEL', B .. 'rec:' .. id)
rc('ZREM', B .. 'rec:due', id)
rc('ZREM', B .. 'rec:ids', id)
return n
