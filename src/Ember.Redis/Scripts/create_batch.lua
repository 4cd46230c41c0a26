-- CreateBatch: ARGV[3] = JSON { bs = the batches depth first, each { d description, p parent's position (absent for the
-- first), t total members }, jobs = the jobs as createJobs takes them, each naming its batch's position (b) },
-- ARGV[4] = the batch to attach to ('' = a new one: the first entry), ARGV[5] = '1' when the jobs and batches come
-- with reserved ids (field id), '' when the script draws them. Everything is checked before the first write (a
-- script's writes are not rolled back): parents exist, and an attached batch exists (else EMBERNOBATCH) and is
-- Started (else EMBERBATCHDONE <state>). Batch ids come from the job ids' counter. Batches without members finish
-- at once; ARGV[6] = when a batch created without members may be pruned (ms; '' = kept): it has no job to be pruned
-- with, so it waits in 'bexpiring' for delete_expired. ARGV[7] = the token of jobs staged for this batch by
-- stage_batch_jobs.lua ('' = none), ARGV[8] = how many: they are made visible here (their keys lose their expiry, the
-- staged index entries and counts are applied in bulk), after every check, so all or nothing; a stage that is
-- incomplete or about to expire fails with EMBERSTAGE and nothing is written. Returns { batch ids by position, job ids, woken queues }.
local req = cjson.decode(ARGV[3])
local attach = ARGV[4]
local bs = req.bs
local first = 1
if attach ~= '' then first = 2 end
-- Reserved ids (ARGV[5] = '1': every job and created batch has one): each must be one the counter reached and that
-- no job or batch has yet (else EMBERNOTRESERVED <id>). They are the call's members, which its continuations may name.
if ARGV[5] == '1' then
  local top = tonumber(rc('GET', B .. 'id') or '0')
  local function reserved(id)
    if tonumber(id) > top or rc('EXISTS', jk(id)) == 1 or rc('EXISTS', B .. 'batch:' .. id) == 1 then
      error({ err = 'EMBERNOTRESERVED ' .. id })
    end
    members[id] = true
  end
  for i = first, #bs do reserved(bs[i].id) end
  for _, job in ipairs(req.jobs) do reserved(job.id) end
end
local S = nil
local stagedIds = {}
if ARGV[7] ~= '' then
  S = B .. 'stg:' .. ARGV[7] .. ':'
  stagedIds = rc('LRANGE', S .. 'ids', 0, -1)
  -- The first chunk's keys expire first: a minute left at least, or the stage is refused whole.
  if #stagedIds ~= tonumber(ARGV[8]) or rc('PTTL', jk(stagedIds[1])) < 60000 then
    error({ err = 'EMBERSTAGE ' .. #stagedIds .. ' of ' .. ARGV[8] })
  end
  -- Members of the call, which its continuations may name.
  for _, id in ipairs(stagedIds) do members[id] = true end
end
checkParents(req.jobs)
if attach ~= '' then
  local st = rc('HGET', B .. 'batch:' .. attach, 'state')
  if not st then error({ err = 'EMBERNOBATCH ' .. attach }) end
  if st ~= 'Started' then error({ err = 'EMBERBATCHDONE ' .. st }) end
end
local ids = {}
if attach ~= '' then
  ids[1] = attach
  rc('HINCRBY', B .. 'batch:' .. attach, 'total', bs[1].t)
end
local n = #bs - first + 1
if ARGV[5] == '1' then
  for i = first, #bs do ids[i] = bs[i].id end
elseif n > 0 then
  local last = rc('INCRBY', B .. 'id', n)
  for i = first, #bs do
    ids[i] = tostring(last - n + i - first + 1)
  end
end
for i = first, #bs do
  local b = bs[i]
  local f = { 'state', 'Started', 'created', NOW, 'total', b.t, 'ok', 0, 'failed', 0, 'deleted', 0, 'run', 0 }
  if b.d then f[#f + 1] = 'desc'; f[#f + 1] = b.d end
  if b.p then
    f[#f + 1] = 'parent'; f[#f + 1] = ids[b.p + 1]
    rc('ZADD', B .. 'batches:' .. ids[b.p + 1], tonumber(ids[i]), ids[i])
  else
    rc('ZADD', B .. 'batches', tonumber(ids[i]), ids[i])
  end
  rc('HSET', B .. 'batch:' .. ids[i], unpack(f))
end
if S then
  -- redis.call, not rc: PERSIST can't fail on these keys, and this loop is most of the call's time.
  local hist = B .. 'hist:'
  local job = B .. 'job:'
  for _, id in ipairs(stagedIds) do
    redis.call('PERSIST', job .. id)
    redis.call('PERSIST', hist .. id)
  end
  -- Straight from each staged sorted set into its index, in steps (no other change of this call touches these jobs).
  for _, key in ipairs(rc('SMEMBERS', S .. 'keys')) do
    local staged = S .. 'z:' .. key
    local n = rc('ZCARD', staged)
    for from = 0, n - 1, 1000 do
      local z = rc('ZRANGE', staged, from, from + 999, 'WITHSCORES')
      local add = {}
      for i = 1, #z, 2 do add[#add + 1] = z[i + 1]; add[#add + 1] = z[i] end
      rc('ZADD', key, unpack(add))
    end
    rc('DEL', staged)
  end
  local c = rc('HGETALL', S .. 'counts')
  for i = 1, #c, 2 do count(c[i], tonumber(c[i + 1])) end
  for _, q in ipairs(rc('SMEMBERS', S .. 'woke')) do wake(q) end
  rc('DEL', S .. 'keys', S .. 'counts', S .. 'woke', S .. 'ids')
end
local jobIds = createJobs(req.jobs, ids)
for i = #bs, 1, -1 do
  if bs[i].t == 0 then
    finishIfDone(ids[i], nil)
    if i >= first and ARGV[6] ~= '' then rc('ZADD', B .. 'bexpiring', tonumber(ARGV[6]), ids[i]) end
  end
end
drain()
flush()
return { ids, jobIds, wokeList }
