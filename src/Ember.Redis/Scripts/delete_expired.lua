-- DeleteExpiredJobs: jobs whose expiry <= now are deleted with their history, log, their own continuation list and their
-- entry in each parent's list. Only keys this store owns are touched. ARGV[3] = max count. Returns the count.
local ids = rc('ZRANGEBYSCORE', B .. 'expiring', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local k = jk(id)
  local f = rc('HMGET', k, 'state', 'queue', 'parent', 'fg', 'parents', 'bid', 'uk')
  local st, q, parent, fg, parents, uk = f[1], f[2], f[3], f[4], f[5], f[7]
  -- A pruned member leaves its batch's list; the batch keeps its counts.
  if f[6] then rc('ZREM', B .. 'bj:' .. f[6], id) end
  if st then
    zset(B .. 's:' .. st, id, false)
    zset(B .. 'sq:' .. st .. ':' .. q, id, false)
    count(st, -1)
    zset(B .. 'scheduled', id, false)
    zset(B .. 'retries', id, false)
    zset(B .. 'processing', id, false)
    if fg then fail(fg, id, -1) end
  end
  if parents then
    for p in string.gmatch(parents, '[^,]+') do rc('ZREM', B .. 'cont:' .. p, id) end
  elseif parent then
    rc('ZREM', B .. 'cont:' .. parent, id)
  end
  if uk then rc('ZREM', B .. 'uniq:' .. uk, id) end
  zset(B .. 'expiring', id, false)
  rc('DEL', k, B .. 'hist:' .. id, B .. 'cont:' .. id, B .. 'log:' .. id)
end
flush()
-- Forget queues left without Enqueued jobs (GetQueues lists only the others); a queue that gets jobs again is added
-- back by the script that enqueues them.
for _, q in ipairs(rc('SMEMBERS', B .. 'queues')) do
  if rc('ZCARD', B .. 'sq:Enqueued:' .. q) == 0 and rc('ZCARD', B .. 'cwq:' .. q) == 0 then rc('SREM', B .. 'queues', q) end
end
return #ids
