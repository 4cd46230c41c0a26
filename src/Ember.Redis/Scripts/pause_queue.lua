-- SetQueuePaused: ARGV[3] = queue, ARGV[4] = '1' to pause, '0' to resume. The set 'paused' holds the paused queues;
-- fetch.lua skips them. Returns { 1 if it changed else 0, woken queues }: a resumed queue that holds jobs wakes its servers.
local q = ARGV[3]
local changed
if ARGV[4] == '1' then
  changed = rc('SADD', B .. 'paused', q)
else
  changed = rc('SREM', B .. 'paused', q)
  if changed == 1 and rc('ZCARD', B .. 'sq:Enqueued:' .. q) > 0 then wake(q) end
end
return { changed, wokeList }
