-- GetHourlyCounts: ARGV[3] = the first hour (hours since the epoch), ARGV[4] = how many hours. Returns a flat array of
-- succeeded, failed per hour (false when nothing happened in it).
local first, n = tonumber(ARGV[3]), tonumber(ARGV[4])
local out = {}
for h = first, first + n - 1 do
  local c = rc('HMGET', B .. 'hour:' .. h, 'Succeeded', 'Failed')
  out[#out + 1] = c[1]
  out[#out + 1] = c[2]
end
return out
