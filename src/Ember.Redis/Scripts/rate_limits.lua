-- GetRateLimits: the rate limit keys in force, for the dashboard. ARGV[3] = the most keys returned, ARGV[4] = how many
-- to pass over first (a page's offset). Prunes the index
-- (rate-keys, scored by expiry) of the keys that expired, then returns, for those ones by name, a flat list of:
-- algorithm, key, "limit,periodMs", expiry, then the state: for a sliding window the number of kept starts followed by
-- them; otherwise window start, taken, level, refilled at (fields p, w, n, lv, r of the hash; '' when missing).
local idx, lp = B .. 'rate-keys', B .. 'rate-lp'
local gone = rc('ZRANGEBYSCORE', idx, '-inf', NOWN)
for _, m in ipairs(gone) do rc('HDEL', lp, m) end
if #gone > 0 then rc('ZREMRANGEBYSCORE', idx, '-inf', NOWN) end
-- By key, then algorithm (members are <algorithm>:<key>).
local members = {}
for _, m in ipairs(rc('ZRANGE', idx, 0, -1)) do
  local alg, key = string.match(m, '^(%a+):(.*)$')
  members[#members + 1] = { m = m, alg = alg, key = key }
end
table.sort(members, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.alg < b.alg end)
local out = {}
local first = tonumber(ARGV[4]) + 1
for i = first, math.min(#members, first + tonumber(ARGV[3]) - 1) do
  local m, alg, key = members[i].m, members[i].alg, members[i].key
  local k = B .. 'rate:' .. m
  out[#out + 1] = alg
  out[#out + 1] = key
  out[#out + 1] = rc('HGET', lp, m) or '0,0'
  out[#out + 1] = rc('ZSCORE', idx, m)
  if alg == 'SlidingWindow' then
    local starts = rc('ZRANGE', k, 0, -1, 'WITHSCORES')
    out[#out + 1] = #starts / 2
    for j = 2, #starts, 2 do out[#out + 1] = starts[j] end
  else
    local h = rc('HMGET', k, 'w', 'n', 'lv', 'r')
    for j = 1, 4 do out[#out + 1] = h[j] or '' end
  end
end
return out
