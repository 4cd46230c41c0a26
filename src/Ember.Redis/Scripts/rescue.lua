-- RescueExpiredLeases: Processing jobs whose lease expiry <= now go back to Enqueued. ARGV[3] = max count.
-- Returns { count, woken queues }.
local ids = rc('ZRANGEBYSCORE', B .. 'processing', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local server = rc('HGET', jk(id), 'server') or ''
  apply(id, { st = 'Enqueued', r = 'Rescued: the lease of server ' .. server .. ' expired', sa = '', ea = '', e = '', sv = '', du = '', ce = '' })
end
return { #ids, wokeList }
