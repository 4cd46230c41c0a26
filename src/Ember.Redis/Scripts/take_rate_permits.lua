-- TakeRatePermits, as Ember.Storage.RateLimitRules describes it. ARGV[3] = JSON array of runs, each
-- {holdMs, limits = [{key, algorithm, limit, periodMs}, ...]}. A script runs alone, so no other taker counts between the reads and the writes.
-- Each run in order, all or nothing, seeing what the earlier runs took. Keys: the hash rate:<algorithm>:<key> (fixed
-- window, token bucket) or the sorted set of starts rate:SlidingWindow:<key>, each expiring (PEXPIRE, relative, so that
-- a skew between the application's clock and Redis's can't end it early) once it counts as none. The zset rate-keys
-- (members <algorithm>:<key>, scored by expiry) and the hash rate-lp ("limit,periodMs") list them for the dashboard.
-- Returns a flat list of triples, one per run: its index (0-based), then when refused the refusing limit with the
-- latest retry (its index in the run, the lower on a tie) and that retry time in ms; when granted -1 and the last ms
-- the run may start (the earliest of its limits').
local runs = cjson.decode(ARGV[3])
local out = {}
for ri, run in ipairs(runs) do
  local limits = run.limits
  local untilAt = NOWN + tonumber(run.holdMs)
  local valid = untilAt
  local writes = {}
  local refused, retry = nil, nil
  for i, lim in ipairs(limits) do
    local l, p, alg = tonumber(lim.limit), tonumber(lim.periodMs), lim.algorithm
    local k = B .. 'rate:' .. alg .. ':' .. lim.key
    local r = nil
    if alg == 'SlidingWindow' then
      rc('ZREMRANGEBYSCORE', k, '-inf', NOWN - p)
      local n = rc('ZCARD', k)
      if n >= l then
        r = tonumber(rc('ZRANGE', k, n - l, n - l, 'WITHSCORES')[2]) + p
      else
        -- Kept as the last moment the start may fall on; the key lives until the latest kept one leaves the window.
        local last = n > 0 and tonumber(rc('ZRANGE', k, -1, -1, 'WITHSCORES')[2]) or untilAt
        writes[#writes + 1] = { k = k, m = alg .. ':' .. lim.key, lp = l .. ',' .. p, sliding = true, ttl = math.max(last, untilAt) + p - NOWN }
      end
    else
      local h = rc('HMGET', k, 'p', 'w', 'n', 'lv', 'r', 'e')
      local fresh = (not h[6]) or tonumber(h[6]) <= NOWN
      local sp = tonumber(h[1])
      if alg == 'FixedWindow' then
        local w = NOWN - (NOWN % p)
        local taken = 0
        if not fresh and sp == p and tonumber(h[2]) == w then taken = tonumber(h[3]) end
        if taken >= l then
          r = w + p
        else
          valid = math.min(valid, w + p - 1)
          writes[#writes + 1] = { k = k, m = alg .. ':' .. lim.key, lp = l .. ',' .. p, fields = { 'p', p, 'w', w, 'n', taken + 1, 'e', w + p }, ttl = w + p - NOWN }
        end
      elseif alg == 'TokenBucket' then
        local full = l * p
        local lv = full
        local later = full
        -- Not clamped at 0 before the refill time: a state refilled at a start's hold end still ahead holds less now.
        if not fresh and sp == p then
          lv = math.min(full, tonumber(h[4]) + (NOWN - tonumber(h[5])) * l)
          later = math.min(full, tonumber(h[4]) + (untilAt - tonumber(h[5])) * l)
        end
        if lv < p then
          r = NOWN + math.ceil((p - lv) / l)
        else
          lv = later - p
          local e = untilAt + math.ceil((full - lv) / l)
          writes[#writes + 1] = { k = k, m = alg .. ':' .. lim.key, lp = l .. ',' .. p, fields = { 'p', p, 'lv', lv, 'r', untilAt, 'e', e }, ttl = e - NOWN }
        end
      else
        error('Unknown rate limit algorithm ' .. tostring(alg))
      end
    end
    if r and (not refused or r > retry) then refused, retry = i - 1, r end
  end
  if refused then
    out[#out + 1] = ri - 1
    out[#out + 1] = refused
    out[#out + 1] = retry
  else
    out[#out + 1] = ri - 1
    out[#out + 1] = -1
    out[#out + 1] = valid
    for _, w in ipairs(writes) do
      if w.sliding then
        -- Each start is its own member (a store-wide sequence), so two starts in one millisecond both count.
        rc('ZADD', w.k, untilAt, rc('INCR', B .. 'rate-seq'))
      else
        rc('HSET', w.k, unpack(w.fields))
      end
      rc('PEXPIRE', w.k, w.ttl)
      -- For the dashboard's list (rate_limits.lua): the keys in force by their expiry, and each one's limit and period.
      rc('ZADD', B .. 'rate-keys', NOWN + w.ttl, w.m)
      rc('HSET', B .. 'rate-lp', w.m, w.lp)
    end
  end
end
return out
