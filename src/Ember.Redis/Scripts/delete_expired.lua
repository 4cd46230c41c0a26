-- DeleteExpiredJobs: jobs whose expiry <= now are deleted with their history, log, their own continuation list and their
-- entry in each parent's list, and then the jobs of stages given up (below). Only keys this store owns are touched.
-- ARGV[3] = max count of jobs. Returns the count of both.

-- A finished batch left without jobs and without nested batches (pruned before it) goes with its member list and its
-- continuations' list (and the stub 'job:<id>' hash that marks a batch with continuations, 'hc'); then its parent
-- batch may go in turn.
local function pruneBatch(bid)
  while bid do
    local b = rc('HMGET', B .. 'batch:' .. bid, 'state', 'parent')
    if not b[1] or b[1] == 'Started' or rc('ZCARD', B .. 'bj:' .. bid) > 0 or rc('ZCARD', B .. 'batches:' .. bid) > 0 then return end
    rc('DEL', B .. 'batch:' .. bid, B .. 'bj:' .. bid, B .. 'cont:' .. bid)
    rc('ZREM', B .. 'bexpiring', bid)
    if not rc('HGET', jk(bid), 'state') then rc('DEL', jk(bid)) end
    if b[2] then rc('ZREM', B .. 'batches:' .. b[2], bid) else rc('ZREM', B .. 'batches', bid) end
    bid = b[2]
  end
end

local ids = rc('ZRANGEBYSCORE', B .. 'expiring', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local k = jk(id)
  local f = rc('HMGET', k, 'state', 'queue', 'parent', 'fg', 'parents', 'bid', 'uk')
  local st, q, parent, fg, parents, uk = f[1], f[2], f[3], f[4], f[5], f[7]
  -- A pruned member leaves its batch's list; the batch keeps its counts, and goes with its last member.
  if f[6] then
    rc('ZREM', B .. 'bj:' .. f[6], id)
    pruneBatch(f[6])
  end
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
-- Batches created without members have no job to go with: they go at their own expiry.
for _, bid in ipairs(rc('ZRANGEBYSCORE', B .. 'bexpiring', '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))) do
  rc('ZREM', B .. 'bexpiring', bid)
  pruneBatch(bid)
end
flush()
-- Stages given up (stage_batch_jobs.lua): past their deadline (a client that died between its chunks and the commit),
-- or marked 0 by a refused chunk or commit. Their jobs were never visible, so they go by name, with no index or count
-- to undo, within what is left of this call's budget. The stage is marked 0 first, so that no chunk or commit takes
-- it up again, and its token leaves 'stages' last: until then its jobs stay hidden.
local budget = tonumber(ARGV[3]) - #ids
local collected = 0
for _, token in ipairs(rc('ZRANGEBYSCORE', B .. 'stages', '-inf', NOW, 'LIMIT', 0, 100)) do
  if budget <= 0 then break end
  rc('ZADD', B .. 'stages', 0, token)
  local S = B .. 'stg:' .. token .. ':'
  local gone = rc('LRANGE', S .. 'ids', 0, budget - 1)
  for _, id in ipairs(gone) do rc('DEL', jk(id), B .. 'hist:' .. id) end
  rc('LTRIM', S .. 'ids', #gone, -1)
  budget = budget - #gone
  collected = collected + #gone
  if rc('EXISTS', S .. 'ids') == 0 then
    for _, key in ipairs(rc('SMEMBERS', S .. 'keys')) do rc('UNLINK', S .. 'z:' .. key) end
    rc('UNLINK', S .. 'keys', S .. 'counts', S .. 'woke')
    rc('ZREM', B .. 'stages', token)
  end
end
-- Forget queues left without Enqueued jobs (GetQueues lists only the others); a queue that gets jobs again is added
-- back by the script that enqueues them.
for _, q in ipairs(rc('SMEMBERS', B .. 'queues')) do
  if rc('ZCARD', B .. 'sq:Enqueued:' .. q) == 0 and rc('ZCARD', B .. 'cwq:' .. q) == 0 then rc('SREM', B .. 'queues', q) end
end
return #ids + collected
