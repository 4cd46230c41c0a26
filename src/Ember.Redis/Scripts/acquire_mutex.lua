-- TryAcquireMutex: ARGV[3] = name, ARGV[4] = job id, ARGV[5] = lease token. Free, or held by this run, or held by a
-- run that is over (its job no longer Processing under the holder's token): take it. Returns 1 or 0.
local k = B .. 'mutex:' .. ARGV[3]
local h = rc('HMGET', k, 'job', 'token')
if h[1] and not (h[1] == ARGV[4] and h[2] == ARGV[5]) then
  local j = rc('HMGET', jk(h[1]), 'state', 'token')
  if j[1] == 'Processing' and j[2] == h[2] then return 0 end
end
rc('HSET', k, 'job', ARGV[4], 'token', ARGV[5])
return 1
