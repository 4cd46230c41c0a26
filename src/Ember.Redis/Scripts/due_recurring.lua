-- GetDueRecurringJobs: ARGV[3] = max count. Returns HGETALL arrays, earliest NextRunAt first (ties by id).
local ids = rc('ZRANGEBYSCORE', B .. 'rec:due', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  -- A job paused while it was being fired comes back here; it leaves the index again instead of firing.
  if rc('HEXISTS', B .. 'rec:' .. id, 'paused') == 1 then
    rc('ZREM', B .. 'rec:due', id)
  else
    out[#out + 1] = rc('HGETALL', B .. 'rec:' .. id)
  end
end
return out
