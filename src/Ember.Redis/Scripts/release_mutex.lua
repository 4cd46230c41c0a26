-- ReleaseMutex: ARGV[3] = name, ARGV[4] = job id, ARGV[5] = lease token. Deletes it only if this run holds it.
local k = B .. 'mutex:' .. ARGV[3]
local h = rc('HMGET', k, 'job', 'token')
if h[1] == ARGV[4] and h[2] == ARGV[5] then rc('DEL', k) end
return 1
