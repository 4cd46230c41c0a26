-- DeleteExpiredJobs: jobs whose expiry <= now are deleted with their history, their own continuation list and their
-- entry in their parent's list. Only keys this store owns are touched. ARGV[3] = max count. Returns the count.
local ids = rc('ZRANGEBYSCORE', B .. 'expiring', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local k = jk(id)
  local f = rc('HMGET', k, 'state', 'queue', 'parent')
  local st, q, parent = f[1], f[2], f[3]
  if st then
    rc('ZREM', B .. 's:' .. st, id)
    rc('ZREM', B .. 'sq:' .. st .. ':' .. q, id)
    rc('HINCRBY', B .. 'counts', st, -1)
    rc('ZREM', B .. 'scheduled', id)
    rc('ZREM', B .. 'processing', id)
  end
  if parent then rc('ZREM', B .. 'cont:' .. parent, id) end
  rc('ZREM', B .. 'expiring', id)
  rc('DEL', k, B .. 'hist:' .. id, B .. 'cont:' .. id)
end
return #ids
