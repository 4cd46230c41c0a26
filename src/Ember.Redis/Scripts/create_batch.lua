-- CreateBatch: ARGV[3] = JSON { bs = the batches depth first, each { d description, p parent's position (absent for the
-- first), t total members }, jobs = the jobs as createJobs takes them, each naming its batch's position (b) },
-- ARGV[4] = the batch to attach to ('' = a new one: the first entry), ARGV[5] = '1' when the jobs and batches come
-- with reserved ids (field id), '' when the script draws them. Everything is checked before the first write (a
-- script's writes are not rolled back): parents exist, and an attached batch exists (else EMBERNOBATCH) and is
-- Started (else EMBERBATCHDONE <state>). Batch ids come from the job ids' counter. Batches without members finish
-- at once; ARGV[6] = when a batch created without members may be pruned (ms; '' = kept): it has no job to be pruned
-- with, so it waits in 'bexpiring' for delete_expired. ARGV[7] = the token of jobs staged for this batch by
-- stage_batch_jobs.lua ('' = none), ARGV[8] = how many: committed here, after every check, so all or nothing. The
-- commit touches no staged job: it removes the token from 'stages' (which makes them all visible, common.lua's hidden),
-- moves each staged index into place (a RENAME where the index is new, as a new batch's 'bj:<id>' is; else the
-- smaller set copied into the larger) and applies the counts with one HINCRBY per state. A stage that is incomplete, given up or
-- being collected fails with EMBERSTAGE and nothing is written; a refused commit gives its stage up, so the next prune
-- collects it. Returns { batch ids by position, job ids, woken queues }.
local req = cjson.decode(ARGV[3])
local attach = ARGV[4]
local bs = req.bs
local first = 1
if attach ~= '' then first = 2 end
local token = ARGV[7]
local S = nil
if token ~= '' then S = B .. 'stg:' .. token .. ':'; committing = token end
-- The staged indexes: { index key, its size now, the staged entries' count }, read with the checks.
local moves = {}

local function check()
  -- Reserved ids (ARGV[5] = '1': every job and created batch has one): each must be one the counter reached and that
  -- no job or batch has yet (else EMBERNOTRESERVED <id>). They are the call's members, which its continuations may name.
  if ARGV[5] == '1' then
    local top = tonumber(rc('GET', B .. 'id') or '0')
    local function reserved(id)
      if tonumber(id) > top or rc('EXISTS', jk(id), B .. 'batch:' .. id) > 0 then
        error({ err = 'EMBERNOTRESERVED ' .. id })
      end
      members[id] = true
    end
    for i = first, #bs do reserved(bs[i].id) end
    for _, job in ipairs(req.jobs) do reserved(job.id) end
  end
  if S then
    local at = rc('ZSCORE', B .. 'stages', token)
    local n = rc('LLEN', S .. 'ids')
    if not at or tonumber(at) <= NOWN or n ~= tonumber(ARGV[8]) then
      error({ err = 'EMBERSTAGE ' .. n .. ' of ' .. ARGV[8] })
    end
    -- The live indexes' sizes, read now: one of the wrong type fails here, before anything is written.
    for _, key in ipairs(rc('SMEMBERS', S .. 'keys')) do
      moves[#moves + 1] = { key, rc('ZCARD', key), rc('ZCARD', S .. 'z:' .. key) }
    end
  end
  checkParents(req.jobs)
  if attach ~= '' then
    local st = rc('HGET', B .. 'batch:' .. attach, 'state')
    if not st then error({ err = 'EMBERNOBATCH ' .. attach }) end
    if st ~= 'Started' then error({ err = 'EMBERBATCHDONE ' .. st }) end
  end
end

local ok, err = pcall(check)
if not ok then
  -- The client gives the stage up with this call: marked for the next prune rather than left until its deadline.
  if S then redis.pcall('ZADD', B .. 'stages', 'XX', 0, token) end
  error(err, 0)
end

-- Copies a sorted set's entries into another, 2,000 a step: the one part of the commit that costs per entry.
local function copy(from, to, n)
  for at = 0, n - 1, 2000 do
    local z = rc('ZRANGE', from, at, at + 1999, 'WITHSCORES')
    local add = {}
    for i = 1, #z, 2 do add[#add + 1] = z[i + 1]; add[#add + 1] = z[i] end
    rc('ZADD', to, unpack(add))
  end
end

-- Moves a stage's entries of one index (n of them) into it (live entries now): the smaller set is copied into the
-- larger, which then carries the index's name, so the cost is O(min(live, n)) and nothing where the index is new (a
-- new batch's 'bj:<id>', a queue's first jobs). A ZUNIONSTORE would rebuild the whole index instead: measured slower
-- than these copies from 100,000 entries on, and far slower (4.5 s against 0.6 s) for 100,000 into 400,000.
local function move(key, live, n)
  local staged = S .. 'z:' .. key
  if live < n then
    copy(key, staged, live)
    rc('RENAME', staged, key)
  else
    copy(staged, key, n)
    rc('UNLINK', staged)
  end
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
  rc('ZREM', B .. 'stages', token)
  for _, m in ipairs(moves) do move(m[1], m[2], m[3]) end
  local c = rc('HGETALL', S .. 'counts')
  for i = 1, #c, 2 do count(c[i], tonumber(c[i + 1])) end
  for _, q in ipairs(rc('SMEMBERS', S .. 'woke')) do wake(q) end
  -- UNLINK: the ids list is as long as the stage, and Redis frees it off the main thread.
  rc('UNLINK', S .. 'ids', S .. 'keys', S .. 'counts', S .. 'woke')
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
