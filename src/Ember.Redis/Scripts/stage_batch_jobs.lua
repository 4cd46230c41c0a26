-- StageBatchJobs: one chunk of a large batch's jobs, written ahead of the one short create_batch call that makes the
-- batch and all of them visible at once (RedisJobStore.CreateBatchAsync), so that no script holds Redis for long.
-- ARGV[3] = JSON { bids = the batch ids by position, jobs = jobs as createJobs takes them (each with its reserved id
-- and its batch's position b; no parents, unique key or concurrency key: those are created by create_batch itself) },
-- ARGV[4] = the stage's token, ARGV[5] = how long staged keys live, in seconds.
-- Each job's hash and history are written by applyOne, as createJobs writes them, under their own keys but with an
-- expiry and the field 'stg' (a parent that is staged counts as missing: parentState reads it); what applyOne would
-- add to the indexes and counts (zset, count, wake: buffered until flush) is not flushed but kept under 'stg:<token>:'
-- keys with the same expiry, for create_batch to apply in bulk. A client that dies before create_batch leaves only
-- keys that expire. Returns the number of jobs staged so far under the token.
local req = cjson.decode(ARGV[3])
local token = ARGV[4]
local ttl = tonumber(ARGV[5])
local S = B .. 'stg:' .. token .. ':'
local top = tonumber(rc('GET', B .. 'id') or '0')
local staged = {}
for _, job in ipairs(req.jobs) do
  local id = job.id
  if tonumber(id) > top or rc('EXISTS', jk(id)) == 1 or rc('EXISTS', B .. 'batch:' .. id) == 1 then
    error({ err = 'EMBERNOTRESERVED ' .. id })
  end
  local bid = req.bids[job.b + 1]
  local extra = { 'queue', job.q, 'inv', job.inv, 'created', NOW, 'attempt', 0, 'copt', job.copt, 'bid', bid, 'stg', token }
  if job.pm then extra[#extra + 1] = 'pm'; extra[#extra + 1] = job.pm end
  applyOne(id, { false, job.q, false, false, false }, { st = job.st, k = 1, r = job.r, sa = job.sa, ck = false }, extra)
  zset(B .. 'bj:' .. bid, id, tonumber(id))
  rc('EXPIRE', jk(id), ttl)
  rc('EXPIRE', B .. 'hist:' .. id, ttl)
  staged[#staged + 1] = id
end
-- The buffered index additions, by index key: a staged sorted set per key, and the set of those keys.
for key, t in pairs(zops) do
  local add = {}
  for m, s in pairs(t) do add[#add + 1] = s; add[#add + 1] = m end
  for i = 1, #add, 2000 do rc('ZADD', S .. 'z:' .. key, unpack(add, i, math.min(i + 1999, #add))) end
  rc('SADD', S .. 'keys', key)
  rc('EXPIRE', S .. 'z:' .. key, ttl + 60)
end
for st, d in pairs(counts) do rc('HINCRBY', S .. 'counts', st, d) end
if #wokeList > 0 then rc('SADD', S .. 'woke', unpack(wokeList)) end
for i = 1, #staged, 2000 do rc('RPUSH', S .. 'ids', unpack(staged, i, math.min(i + 1999, #staged))) end
-- A minute longer than the jobs' keys: the stage's list outlives them, so a staged job never looks committed.
for _, key in ipairs({ S .. 'keys', S .. 'counts', S .. 'woke', S .. 'ids' }) do rc('EXPIRE', key, ttl + 60) end
return rc('LLEN', S .. 'ids')
