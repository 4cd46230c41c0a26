-- Shared by every Ember script: prepended to each one when the store loads it.
-- ARGV[1] is the key base (prefix plus hash tag, e.g. "ember:{ember}:"), ARGV[2] "now" in ms since the epoch, read
-- from the application's TimeProvider, never from Redis TIME. KEYS[1] is a key under the same hash tag, so that the
-- script is routed to the one slot that holds every key of this store.
local B = ARGV[1]
local NOW = ARGV[2]
local NOWN = tonumber(NOW)

-- Calls Redis and turns an error (e.g. WRONGTYPE when someone stored a string where a hash belongs) into one that
-- names the key, so the application sees which key is wrong instead of a bare "WRONGTYPE".
local function rc(cmd, key, ...)
  local r = redis.pcall(cmd, key, ...)
  if type(r) == 'table' and r.err then
    error({ err = 'EMBERKEY ' .. key .. ' :: ' .. r.err })
  end
  return r
end

local function jk(id) return B .. 'job:' .. id end

local FINISHES = { Succeeded = true, Failed = true, Deleted = true }

-- Queues that got Enqueued jobs in this call; returned to the caller, which publishes them.
local woke = {}
local wokeList = {}
local function wake(q)
  if not woke[q] then woke[q] = true; wokeList[#wokeList + 1] = q end
end

-- Index changes are collected and written once per key at the end (flush), so a batch of 100 jobs costs one ZADD and
-- one ZREM per index instead of 100 of each. The last change of a member wins, so order within a call doesn't matter.
local zops = {}
local function zset(key, id, score)
  local t = zops[key]
  if not t then t = {}; zops[key] = t end
  t[id] = score
end
local counts = {}
local function count(st, d) counts[st] = (counts[st] or 0) + d end

-- Entries into Succeeded and Failed in this call, for the running totals (fields 'total:<state>' of the counts hash)
-- and the hour's counts (hash 'hour:<hours since the epoch>', kept HOUR_TTL seconds after its last write: 32 days, so
-- every hour of the last 31 days is there).
local finished = {}
local HOUR_TTL = 32 * 24 * 3600

-- Failure groups: Failed jobs by the type of their last exception ('' = no error). The hash 'failures' counts each
-- group and the sorted set 'ft:<type>' lists its jobs by id; a job records the group it is counted in as field 'fg',
-- so leaving Failed (or being pruned) undoes exactly what entering did.
local failures = {}
local function fail(t, id, d)
  failures[t] = (failures[t] or 0) + d
  if t ~= '' then
    if d > 0 then zset(B .. 'ft:' .. t, id, tonumber(id)) else zset(B .. 'ft:' .. t, id, false) end
  end
end

-- The exception type of a stored error (JSON of JobError); '' when there is none.
local function errType(json)
  if not json or json == '' then return '' end
  return cjson.decode(json).Type or ''
end

local function flush()
  for key, t in pairs(zops) do
    local add, rem = {}, {}
    for m, s in pairs(t) do
      if s then add[#add + 1] = s; add[#add + 1] = m else rem[#rem + 1] = m end
    end
    for i = 1, #rem, 1000 do rc('ZREM', key, unpack(rem, i, math.min(i + 999, #rem))) end
    for i = 1, #add, 2000 do rc('ZADD', key, unpack(add, i, math.min(i + 1999, #add))) end
  end
  zops = {}
  local ck = B .. 'counts'
  local hk = nil
  for st, n in pairs(finished) do
    -- A store written before the totals existed starts them from the jobs it holds in that state (read before this
    -- call's counts are applied): the best that can be known of its past.
    local tf = 'total:' .. st
    if rc('HEXISTS', ck, tf) == 0 then rc('HSET', ck, tf, rc('HGET', ck, st) or 0) end
    rc('HINCRBY', ck, tf, n)
    hk = B .. 'hour:' .. math.floor(NOWN / 3600000)
    rc('HINCRBY', hk, st, n)
  end
  if hk then rc('EXPIRE', hk, HOUR_TTL) end
  finished = {}
  for st, d in pairs(counts) do
    if d ~= 0 then rc('HINCRBY', ck, st, d) end
  end
  counts = {}
  for t, d in pairs(failures) do
    if d ~= 0 and rc('HINCRBY', B .. 'failures', t, d) <= 0 then rc('HDEL', B .. 'failures', t) end
  end
  failures = {}
  -- Queues that ever held Enqueued jobs, for GetQueues; DeleteExpiredJobs forgets the empty ones.
  if #wokeList > 0 then rc('SADD', B .. 'queues', unpack(wokeList)) end
end

-- Continuations released by a finishing change: drained by apply() with a work list, not recursion, so a chain of
-- any length is released in one call.
local pending = {}

-- Batches (BatchRules): hash 'batch:<id>' (desc, state, parent, created, finished, cancelled, total, and the counts
-- ok, failed, deleted, run), members in sorted set 'bj:<id>', top-level batches in 'batches', nested ones in
-- 'batches:<parent>'. A job's batch is its field 'bid'. Defined below applyOne, which calls it.
local countMember

-- Concurrency limits (NewJob.Concurrency): a keyed job has fields 'ck' (key) and 'cl' (its own limit). The set
-- 'ch:<key>' holds the ids of its Processing jobs (the slots taken), hash 'climit' the limits set at run time, hash
-- 'cwait' the Enqueued jobs per key. A job the fetch found over its key's limit is parked: popped from its queue's
-- index into the sorted sets 'cw:<key>' and 'cwq:<queue>' (by id), so no later fetch walks over it; each run of the
-- key that ends puts the oldest parked job back into its queue (and wakes it). The keys with runs are found through
-- the Processing jobs (concurrency_keys.lua), not kept in a set of their own: every call a keyed run makes costs
-- its script about 1.5 µs beyond the command itself, measured.
local limitsSet -- whether 'climit' holds any limit: read once per script call, most stores never set one
local function limitOf(ck, cl)
  if limitsSet == nil then limitsSet = rc('EXISTS', B .. 'climit') == 1 end
  return tonumber(limitsSet and rc('HGET', B .. 'climit', ck) or cl or '1')
end

local function unpark(ck, n)
  if n <= 0 then return end
  local popped = rc('ZPOPMIN', B .. 'cw:' .. ck, n)
  for i = 1, #popped, 2 do
    local id = popped[i]
    local q = rc('HGET', jk(id), 'queue')
    rc('ZREM', B .. 'cwq:' .. q, id)
    zset(B .. 'sq:Enqueued:' .. q, id, tonumber(id))
    wake(q)
  end
end

local function park(id, q, ck)
  rc('ZADD', B .. 'cw:' .. ck, tonumber(id), id)
  rc('ZADD', B .. 'cwq:' .. q, tonumber(id), id)
end

local function takeSlot(id, ck)
  rc('SADD', B .. 'ch:' .. ck, id)
end

-- A keyed job's move out of Enqueued or Processing, or into Enqueued: the key's waiting count, its parked sets, its
-- slots. A run that ends frees its slot and lets the oldest parked job of the key back into its queue.
-- popped: the fetch took the job from its queue's index, so it isn't parked.
local function moveKeyed(id, q, ck, old, new, popped)
  if old == 'Enqueued' then
    rc('HINCRBY', B .. 'cwait', ck, -1)
    if not popped then
      rc('ZREM', B .. 'cw:' .. ck, id)
      rc('ZREM', B .. 'cwq:' .. q, id)
    end
  end
  if new == 'Enqueued' then rc('HINCRBY', B .. 'cwait', ck, 1) end
  if old == 'Processing' and new ~= 'Processing' and rc('SREM', B .. 'ch:' .. ck, id) == 1 then unpark(ck, 1) end
end

-- The job fields applyOne needs, in this order; callers may read more after them in the same HMGET.
local CUR = { 'state', 'queue', 'exp', 'sched', 'hc' }

-- Applies one state change to a job whose current fields (CUR) were read into cur: fields, indexes, history,
-- wake-ups, and queues its continuations when the change finishes the job. c is a change as RedisChange names its
-- fields (st state, k history kind, r reason, sa scheduled at, ea expire at, e error JSON, sv server, du duration
-- ticks, ce continuations' expiry; absent = nil), plus keep = true for a run's completion, which leaves the run's
-- lease token on the job (a retried write of it is then told apart from a lost lease), ck = the job's concurrency
-- key when the caller has read it already (false for none), and popped = true when the fetch has popped the job
-- from its queue's sets already. extra = more field/value pairs to set in the same HSET.
local function applyOne(id, cur, c, extra)
  local k = jk(id)
  local old, q, oldexp, oldsched, hc = cur[1], cur[2], cur[3], cur[4], cur[5]
  local nid = tonumber(id)
  -- The job's concurrency key: given in c.ck by a caller that read it already (false for none), else read from its
  -- hash, only for the moves that concern keys.
  local ck = c.ck
  if ck == nil and old and old ~= c.st and (old == 'Enqueued' or old == 'Processing' or c.st == 'Enqueued') then ck = rc('HGET', k, 'ck') end
  if ck then moveKeyed(id, q, ck, old, c.st, c.popped) end
  if old then
    zset(B .. 's:' .. old, id, false)
    zset(B .. 'sq:' .. old .. ':' .. q, id, false)
    count(old, -1)
    if old == 'Processing' then zset(B .. 'processing', id, false) end
  end
  zset(B .. 's:' .. c.st, id, nid)
  zset(B .. 'sq:' .. c.st .. ':' .. q, id, nid)
  count(c.st, 1)
  local set = { 'state', c.st, 'changed', NOW }
  local del = {}
  if old == 'Processing' then
    del[#del + 1] = 'server'; del[#del + 1] = 'lexp'
    if not c.keep then del[#del + 1] = 'token' end
  elseif old and c.st ~= 'Processing' then
    -- A finished run's token, kept by its completion, goes with the next change.
    del[#del + 1] = 'token'
  end
  if c.st == 'Scheduled' and c.sa then
    set[#set + 1] = 'sched'; set[#set + 1] = c.sa
    zset(B .. 'scheduled', id, tonumber(c.sa))
  else
    if oldsched then del[#del + 1] = 'sched'; zset(B .. 'scheduled', id, false) end
  end
  -- The retry index: Scheduled jobs that have an error (the dashboard's Retries list), by id. A new job has none.
  if c.st == 'Scheduled' and (c.e or (old and rc('HEXISTS', k, 'err') == 1)) then
    zset(B .. 'retries', id, nid)
  elseif old == 'Scheduled' then
    zset(B .. 'retries', id, false)
  end
  if c.ea then
    set[#set + 1] = 'exp'; set[#set + 1] = c.ea
    zset(B .. 'expiring', id, tonumber(c.ea))
  elseif oldexp then
    del[#del + 1] = 'exp'
    zset(B .. 'expiring', id, false)
  end
  local et = nil
  if c.e then
    et = errType(c.e)
    set[#set + 1] = 'err'; set[#set + 1] = c.e; set[#set + 1] = 'et'; set[#set + 1] = et
  end
  if old == 'Failed' then
    local fg = rc('HGET', k, 'fg')
    if fg then
      fail(fg, id, -1)
      if c.st ~= 'Failed' then del[#del + 1] = 'fg' end
    end
  end
  if c.st == 'Failed' then
    if not et then
      -- No new error: the job keeps its last one (jobs stored before 'et' existed have only 'err').
      local e = rc('HMGET', k, 'et', 'err')
      et = e[1] or errType(e[2])
    end
    fail(et, id, 1)
    set[#set + 1] = 'fg'; set[#set + 1] = et
  end
  if c.st == 'Succeeded' or c.st == 'Failed' then finished[c.st] = (finished[c.st] or 0) + 1 end
  if c.st == 'Processing' then set[#set + 1] = 'server'; set[#set + 1] = c.sv end
  if c.res then set[#set + 1] = 'res'; set[#set + 1] = c.res end
  if extra then for i = 1, #extra do set[#set + 1] = extra[i] end end
  rc('HSET', k, unpack(set))
  if #del > 0 then rc('HDEL', k, unpack(del)) end
  if old and old ~= c.st then
    local bid = rc('HGET', k, 'bid')
    if bid then countMember(bid, old, c.st, c.ce) end
  end
  local h = { s = c.st, k = c.k, at = NOW, r = c.r, sv = c.sv, e = c.e, d = c.du }
  rc('RPUSH', B .. 'hist:' .. id, cjson.encode(h))
  if c.st == 'Enqueued' then wake(q) end
  if hc and FINISHES[c.st] then
    local children = rc('ZRANGE', B .. 'cont:' .. id, 0, -1)
    for _, child in ipairs(children) do
      pending[#pending + 1] = { child, id, c.st, c.ce }
    end
  end
end

-- A job's CUR fields, then the extra fields named (from index #CUR + 1), in one HMGET: every caller of applyOne
-- reads the job through this, so the order applyOne expects is written once.
local function current(id, ...)
  if select('#', ...) == 0 then return rc('HMGET', jk(id), unpack(CUR)) end
  local fields = { unpack(CUR) }
  for _, field in ipairs({ ... }) do fields[#fields + 1] = field end
  return rc('HMGET', jk(id), unpack(fields))
end

-- History kinds of a continuation released by its parent's state (HistoryKind.ParentSucceeded and the others).
local PARENT_KIND = { Succeeded = 10, Failed = 11, Deleted = 12 }

-- Whether a continuation with these stored JobContinuationOptions (a flags enum's name, e.g. 'OnlyOnSucceededState,
-- OnlyOnFailedState') runs after its parent finished in parentState: the one place Lua reads the options.
local function releases(options, parentState)
  return options == 'OnAnyFinishedState' or string.find(options, 'OnlyOn' .. parentState .. 'State', 1, true) ~= nil
end

-- Counts a finished parent down in one of its continuations, as ContinuationRules says, if it still waits: each
-- parent counts once (its field 'w:<parent>' goes), and the continuation is deleted when the options don't name the
-- parent's state, or released to Enqueued when no parent is left ('pp'). A continuation written before the countdown
-- existed has no 'pp': its one parent releases it.
local function release(child, parent, parentState, cexp)
  local k = jk(child)
  local cur = current(child, 'copt', 'pp')
  if cur[1] ~= 'Awaiting' then return end
  local left = 0
  if cur[7] then
    if rc('HDEL', k, 'w:' .. parent) == 0 then return end
    left = rc('HINCRBY', k, 'pp', -1)
  end
  local c = { st = 'Enqueued', k = PARENT_KIND[parentState], ce = cexp }
  if not releases(cur[6] or 'OnlyOnSucceededState', parentState) then
    c.st = 'Deleted'; c.ea = cexp
  elseif left > 0 then
    return
  end
  applyOne(child, cur, c)
end

local OUTCOME_FIELD = { Succeeded = 'ok', Failed = 'failed', Deleted = 'deleted' }
-- A finished batch as a parent: Completed (with failures) counts as Failed.
local BATCH_OUTCOME = { Succeeded = 'Succeeded', Completed = 'Failed', Deleted = 'Deleted' }

-- Finishes a batch whose finished members reached its total: its continuations are counted down with it as their
-- parent (queued on pending, like a job's), and a nested batch is one finished member of its parent.
local function finishIfDone(bid, cexp)
  local bk = B .. 'batch:' .. bid
  local b = rc('HMGET', bk, 'state', 'total', 'ok', 'failed', 'deleted', 'cancelled', 'parent')
  if b[1] ~= 'Started' then return end
  local failed, deleted = tonumber(b[4] or '0'), tonumber(b[5] or '0')
  if tonumber(b[3] or '0') + failed + deleted < tonumber(b[2]) then return end
  local state = 'Completed'
  if b[6] == '1' then state = 'Deleted' elseif failed + deleted == 0 then state = 'Succeeded' end
  rc('HSET', bk, 'state', state, 'finished', NOW)
  local outcome = BATCH_OUTCOME[state]
  for _, child in ipairs(rc('ZRANGE', B .. 'cont:' .. bid, 0, -1)) do
    pending[#pending + 1] = { child, bid, outcome, cexp }
  end
  if b[7] then countMember(b[7], nil, outcome, cexp) end
end

-- A member of batch bid moved from one state to another (from nil: a nested batch that finished): O(1), no scan.
countMember = function(bid, from, to, cexp)
  local bk = B .. 'batch:' .. bid
  if to == 'Processing' then rc('HINCRBY', bk, 'run', 1) end
  if from == 'Processing' then rc('HINCRBY', bk, 'run', -1) end
  local moved = false
  for st, f in pairs(OUTCOME_FIELD) do
    local d = (to == st and 1 or 0) - (from == st and 1 or 0)
    if d ~= 0 then rc('HINCRBY', bk, f, d); moved = true end
  end
  if moved then finishIfDone(bid, cexp) end
end

-- Large batches are staged (stage_batch_jobs.lua): their jobs' hashes are written, with field 'stg' = the stage's
-- token, before the batch exists. While the token is in 'stages' (sorted set, score = when the stage is given up, ms;
-- 0 = being collected by delete_expired.lua) those jobs don't exist for any reader or writer; create_batch.lua commits
-- the stage by removing the token, which makes every one of them visible at once without touching them (the field
-- stays, meaning nothing then). Whether a job whose field 'stg' is stg is hidden so: every script that takes a job by
-- id asks this, but those fenced by a lease token (a staged job has none) and those that reach jobs through an index
-- (a staged job's entries are moved in at the commit).
local function hidden(stg)
  return stg and rc('ZSCORE', B .. 'stages', stg) ~= false
end

-- A parent's state as a continuation sees it: a job's, or a batch's outcome (Awaiting while Started); nil when
-- neither exists.
local function parentState(p)
  local j = rc('HMGET', jk(p), 'state', 'stg')
  if hidden(j[2]) then return nil end
  local st = j[1]
  if st then return st end
  local bs = rc('HGET', B .. 'batch:' .. p, 'state')
  if not bs then return nil end
  return BATCH_OUTCOME[bs] or 'Awaiting'
end

local function drain()
  local i = 1
  while i <= #pending do
    local p = pending[i]
    release(p[1], p[2], p[3], p[4])
    i = i + 1
  end
  pending = {}
end

local function apply(id, cur, c)
  applyOne(id, cur, c)
  drain()
end

-- Unique keys (NewJob.Unique): the sorted set 'uniq:<key>' holds the jobs created with the key, scored by creation
-- time; a job records its key as field 'uk', so that pruning it removes it from the set. u is the key as RedisNewJob
-- writes it (k key, s states as a JSON array of names, since oldest creation time in ms or nil, d debounce). Returns the newest
-- job created with the key (since then) that is in one of the states, or nil; forgets members whose job is gone.
local existing = {}
local function uniqueHolder(u)
  local key = B .. 'uniq:' .. u.k
  local states = {}
  for _, st in ipairs(cjson.decode(u.s)) do states[st] = true end
  local members = rc('ZREVRANGEBYSCORE', key, '+inf', u.since or '-inf')
  for _, m in ipairs(members) do
    local st = rc('HGET', jk(m), 'state')
    if not st then
      rc('ZREM', key, m)
    elseif states[st] then
      return m
    end
  end
  return nil
end

-- Creates jobs, given as a JSON array of new jobs as RedisNewJob names their fields (q queue, inv invocation, st
-- state, sa scheduled at, r reason, p first parent, ps all parents, copt continuation options, eid expiry if deleted
-- at once, u unique key, b position of its batch). Checks every parent before storing anything, so a missing one stores
-- nothing. A job whose unique key is held is not stored: its id is the holder's, and its position (from 1) goes to
-- 'existing'. History kind 1: Created.
-- The reserved ids of the jobs and batches a create_batch call creates (members[id] = true): a parent among them is a
-- member of the same call, not created yet or just created, and its continuation waits for it like for any parent.
local members = {}
-- The token of the stage a create_batch call commits ('' = none): its jobs are members of the call too, known by their
-- field 'stg' (so the commit needn't list them).
local committing = ''
local function isMember(p)
  return members[p] or (committing ~= '' and rc('HGET', jk(p), 'stg') == committing)
end

local function checkParents(jobs)
  for _, job in ipairs(jobs) do
    for _, p in ipairs(job.ps or {}) do
      if not isMember(p) and not parentState(p) then
        error({ err = 'EMBERNOPARENT ' .. p })
      end
    end
  end
end

-- batchIds: for the members of batches (create_batch.lua), the batch ids by the position each job names (b).
local function createJobs(jobs, batchIds)
  local n = #jobs
  checkParents(jobs)
  local ids = {}
  -- Jobs of a batch may come with their reserved ids (all or none, NewBatchRules); the others draw theirs here.
  local last = 0
  if n > 0 and not jobs[1].id then last = rc('INCRBY', B .. 'id', n) end
  for j, job in ipairs(jobs) do
    local holder = job.u and uniqueHolder(job.u)
    if holder then
      -- Redis Lua (5.1) has no continue: the new job is the else branch.
      if job.u.d and rc('HGET', jk(holder), 'state') == 'Scheduled' then
        -- Debounce: the holder takes the new arguments and due time, and stays Scheduled. History kind 32: Debounced.
        rc('HSET', jk(holder), 'inv', job.inv, 'sched', job.sa)
        zset(B .. 'scheduled', holder, tonumber(job.sa))
        rc('RPUSH', B .. 'hist:' .. holder, cjson.encode({ s = 'Scheduled', k = 32, at = NOW, r = job.r }))
      end
      ids[#ids + 1] = holder
      existing[#existing + 1] = j
    else
      local id = job.id or tostring(last - n + j)
      local extra = { 'queue', job.q, 'inv', job.inv, 'created', NOW, 'attempt', 0, 'copt', job.copt }
      local finished, left = {}, 0
      if job.p then
        extra[#extra + 1] = 'parent'; extra[#extra + 1] = job.p
        if #job.ps > 1 then extra[#extra + 1] = 'parents'; extra[#extra + 1] = table.concat(job.ps, ',') end
        for _, p in ipairs(job.ps) do
          local ps = parentState(p)
          if FINISHES[ps] then
            finished[#finished + 1] = { p, ps }
          else
            left = left + 1
            extra[#extra + 1] = 'w:' .. p; extra[#extra + 1] = '1'
          end
        end
        extra[#extra + 1] = 'pp'; extra[#extra + 1] = left
      end
      if job.pm then extra[#extra + 1] = 'pm'; extra[#extra + 1] = job.pm end
      if job.b then
        local bid = batchIds[job.b + 1]
        extra[#extra + 1] = 'bid'; extra[#extra + 1] = bid
        rc('ZADD', B .. 'bj:' .. bid, tonumber(id), id)
      end
      if job.u then
        extra[#extra + 1] = 'uk'; extra[#extra + 1] = job.u.k
        rc('ZADD', B .. 'uniq:' .. job.u.k, NOWN, id)
      end
      if job.ck then
        extra[#extra + 1] = 'ck'; extra[#extra + 1] = job.ck
        if job.cl then extra[#extra + 1] = 'cl'; extra[#extra + 1] = job.cl end
      end
      applyOne(id, { false, job.q, false, false, false }, { st = job.st, k = 1, r = job.r, sa = job.sa, ck = job.ck }, extra)
      for _, p in ipairs(job.ps or {}) do
        rc('ZADD', B .. 'cont:' .. p, tonumber(id), id)
        rc('HSET', jk(p), 'hc', '1')
      end
      -- Parents that have already finished count now, in the order given: the first whose state the options don't
      -- name deletes the continuation; with none left, the last releases it.
      for i, f in ipairs(finished) do
        local named = releases(job.copt, f[2])
        if not named or (left == 0 and i == #finished) then
          local c = { st = 'Enqueued', k = PARENT_KIND[f[2]] }
          if not named then c.st = 'Deleted'; c.ea = job.eid; c.ce = job.eid end
          applyOne(id, current(id), c)
          drain()
          break
        end
      end
      ids[#ids + 1] = id
    end
  end
  flush()
  return ids
end
