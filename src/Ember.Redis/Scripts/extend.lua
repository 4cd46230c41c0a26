-- ExtendLeases: ARGV[3] = new expiry (ms), then id/token pairs. Returns the 1-based indexes of the pairs no longer held.
local lexp = ARGV[3]
local lost = {}
local idx = 0
for a = 4, #ARGV, 2 do
  idx = idx + 1
  local id, token = ARGV[a], ARGV[a + 1]
  local k = jk(id)
  local f = rc('HMGET', k, 'state', 'token')
  if f[1] == 'Processing' and f[2] == token then
    rc('HSET', k, 'lexp', lexp)
    zset(B .. 'processing', id, tonumber(lexp))
  else
    lost[#lost + 1] = idx
  end
end
flush()
return lost
