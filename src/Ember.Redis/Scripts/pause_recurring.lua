-- SetRecurringJobPaused: ARGV[3] = id, ARGV[4] = '1' to pause, '0' to resume. A paused job leaves the due index
-- 'rec:due' (so it never holds up the jobs behind it there) and keeps its 'next'; resuming puts it back at that time,
-- so the occurrences it missed follow its misfire mode. Returns 0 when there is no such recurring job.
local k = B .. 'rec:' .. ARGV[3]
if rc('EXISTS', k) == 0 then return 0 end
if ARGV[4] == '1' then
  rc('HSET', k, 'paused', '1')
  rc('ZREM', B .. 'rec:due', ARGV[3])
else
  rc('HDEL', k, 'paused')
  local next = rc('HGET', k, 'next')
  if next then rc('ZADD', B .. 'rec:due', tonumber(next), ARGV[3]) end
end
return 1
