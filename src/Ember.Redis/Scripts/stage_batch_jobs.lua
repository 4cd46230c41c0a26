-- StageBatchJobs: one chunk of a large batch's jobs, written ahead of the one short create_batch call that makes the
-- batch and all of them visible at once (RedisJobStore.CreateBatchAsync), so that no script holds Redis for long.
-- ARGV[3] = JSON { bids = the batch ids by position, jobs = jobs as createJobs takes them, each with its reserved id
-- and its batch's position b, Enqueued or Scheduled, without parents, unique key or concurrency key (those are created
-- by create_batch itself) }, ARGV[4] = the stage's token ('' for the first chunk: drawn here from the id counter, as
-- batch ids are, so no two stages ever share one), ARGV[5] = how many jobs the earlier chunks staged, ARGV[6] = when
-- the stage is given up unless committed (ms), pushed back by each chunk.
-- Each job's hash (with field 'stg' = the token) and history are written under their own keys, as createJobs writes a
-- new job without parents; the stage's own keys, under 'stg:<token>:', hold what the commit applies in bulk: 'z:<index
-- key>' the entries the jobs go into (sorted sets), 'keys' those index keys, 'counts' the jobs by state, 'woke' the
-- queues to wake, and 'ids' every staged id, for delete_expired.lua to collect a stage given up. The token stays in
-- 'stages' until the commit, and meanwhile no script lets a reader or writer see the jobs (common.lua, hidden). Nothing
-- expires by a TTL: a TTL could end the stage's marker before its jobs, or be evicted under volatile-*.
-- Every job is checked before the first write: a refused chunk writes nothing, and gives its stage up (collected at
-- the next prune). Returns { token, jobs staged under it so far }.
local req = cjson.decode(ARGV[3])
local token, before, deadline = ARGV[4], tonumber(ARGV[5]), ARGV[6]
local stages = B .. 'stages'

local function refuse(err)
  if token ~= '' then redis.pcall('ZADD', stages, 'XX', 0, token) end
  error({ err = err })
end

if token ~= '' then
  -- A chunk of a stage that is still open and holds what the client sent it (not given up, collected or committed).
  local at = rc('ZSCORE', B .. 'stages', token)
  local n = rc('LLEN', B .. 'stg:' .. token .. ':ids')
  if not at or tonumber(at) <= NOWN or n ~= before then refuse('EMBERSTAGE ' .. n .. ' of ' .. before) end
elseif before ~= 0 then
  error({ err = 'EMBERSTAGE 0 of ' .. before })
end
local top = tonumber(rc('GET', B .. 'id') or '0')
local seen = {}
for _, job in ipairs(req.jobs) do
  local id = job.id
  if seen[id] or tonumber(id) > top or rc('EXISTS', jk(id), B .. 'batch:' .. id) > 0 then refuse('EMBERNOTRESERVED ' .. id) end
  seen[id] = true
  if job.st ~= 'Enqueued' and job.st ~= 'Scheduled' then refuse('a staged job must be Enqueued or Scheduled, not ' .. tostring(job.st)) end
end

if token == '' then token = tostring(rc('INCR', B .. 'id')) end
local S = B .. 'stg:' .. token .. ':'
-- The ids first: whatever this call writes, the pruner can find it.
local ids = {}
for i, job in ipairs(req.jobs) do ids[i] = job.id end
for i = 1, #ids, 2000 do rc('RPUSH', S .. 'ids', unpack(ids, i, math.min(i + 1999, #ids))) end
rc('ZADD', stages, deadline, token)

-- Index entries by index key, as flat score/member lists: each staged id is new, so no table by id is needed.
local z = {}
local function add(key, score, id)
  local t = z[key]
  if not t then t = {}; z[key] = t end
  t[#t + 1] = score; t[#t + 1] = id
end
-- A new job's history entry (kind 1: Created) is the same text for every job of the chunk with the same state and
-- reason: encoded once each.
local created = {}
local histKey, jobKey = B .. 'hist:', B .. 'job:'
for _, job in ipairs(req.jobs) do
  local id, st, q = job.id, job.st, job.q
  local bid = req.bids[job.b + 1]
  -- What createJobs and applyOne set on a new job without parents (RedisStagedBatchTests compares the two).
  local f = { 'state', st, 'changed', NOW, 'queue', q, 'inv', job.inv, 'created', NOW, 'attempt', 0, 'copt', job.copt, 'bid', bid, 'stg', token }
  if st == 'Scheduled' then
    f[#f + 1] = 'sched'; f[#f + 1] = job.sa
    add(B .. 'scheduled', job.sa, id)
  end
  if job.pm then f[#f + 1] = 'pm'; f[#f + 1] = job.pm end
  -- redis.call, not rc: these keys were just found missing, so no command on them can meet a wrong type.
  redis.call('HSET', jobKey .. id, unpack(f))
  local hk = st .. '\n' .. (job.r or '')
  local h = created[hk]
  if not h then h = cjson.encode({ s = st, k = 1, at = NOW, r = job.r }); created[hk] = h end
  redis.call('RPUSH', histKey .. id, h)
  add(B .. 's:' .. st, id, id)
  add(B .. 'sq:' .. st .. ':' .. q, id, id)
  add(B .. 'bj:' .. bid, id, id)
  count(st, 1)
  if st == 'Enqueued' then wake(q) end
end
for key, t in pairs(z) do
  for i = 1, #t, 2000 do rc('ZADD', S .. 'z:' .. key, unpack(t, i, math.min(i + 1999, #t))) end
  rc('SADD', S .. 'keys', key)
end
for st, d in pairs(counts) do rc('HINCRBY', S .. 'counts', st, d) end
if #wokeList > 0 then rc('SADD', S .. 'woke', unpack(wokeList)) end
return { token, rc('LLEN', S .. 'ids') }
