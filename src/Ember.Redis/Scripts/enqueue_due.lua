-- EnqueueDueScheduled: Scheduled jobs due by now move to Enqueued (history kind 9, Due). ARGV[3] = max count. Returns { count, woken queues }.
local ids = rc('ZRANGEBYSCORE', B .. 'scheduled', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  apply(id, current(id), { st = 'Enqueued', k = 9 })
end
flush()
return { #ids, wokeList }
