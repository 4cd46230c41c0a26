-- RescueExpiredLeases: Processing jobs whose lease expiry <= now go back to Enqueued. ARGV[3] = max count.
-- Returns { count, woken queues }.
local ids = rc('ZRANGEBYSCORE', B .. 'processing', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local cur = rc('HMGET', jk(id), 'state', 'queue', 'exp', 'sched', 'hc', 'server')
  apply(id, cur, { st = 'Enqueued', r = 'Rescued: the lease of server ' .. (cur[6] or '') .. ' expired', sa = '', ea = '', e = '', sv = '', du = '', ce = '' })
end
flush()
return { #ids, wokeList }
