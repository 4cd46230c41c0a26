-- RescueExpiredLeases: Processing jobs whose lease expiry <= now go back to Enqueued (history kind 8, Rescued,
-- naming the server that held them). ARGV[3] = max count.
-- Returns { count, woken queues }.
local ids = rc('ZRANGEBYSCORE', B .. 'processing', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local cur = current(id, 'server')
  apply(id, cur, { st = 'Enqueued', k = 8, sv = cur[6] })
end
flush()
return { #ids, wokeList }
