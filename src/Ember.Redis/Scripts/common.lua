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

-- Continuations released by a finishing change: drained by apply() with a work list, not recursion, so a chain of
-- any length is released in one call.
local pending = {}

-- Moves a job between the per-state indexes and the state counters.
local function reindex(id, q, old, new)
  local nid = tonumber(id)
  if old then
    rc('ZREM', B .. 's:' .. old, id)
    rc('ZREM', B .. 'sq:' .. old .. ':' .. q, id)
    rc('HINCRBY', B .. 'counts', old, -1)
    if old == 'Scheduled' then rc('ZREM', B .. 'scheduled', id) end
    if old == 'Processing' then rc('ZREM', B .. 'processing', id) end
  end
  rc('ZADD', B .. 's:' .. new, nid, id)
  rc('ZADD', B .. 'sq:' .. new .. ':' .. q, nid, id)
  rc('HINCRBY', B .. 'counts', new, 1)
end

-- Applies one state change to a job: fields, indexes, history, wake-ups, and queues its continuations when the change
-- finishes the job. c = { st, r, sa, ea, e, sv, du, ce } (empty string = none).
local function applyOne(id, c, isNew)
  local k = jk(id)
  local cur = rc('HMGET', k, 'state', 'queue', 'exp')
  local old, q, oldexp = cur[1], cur[2], cur[3]
  if isNew then old = nil end
  reindex(id, q, old or nil, c.st)
  if oldexp then rc('ZREM', B .. 'expiring', id) end
  rc('HSET', k, 'state', c.st, 'changed', NOW)
  rc('HDEL', k, 'server', 'token', 'lexp')
  if c.st == 'Scheduled' and c.sa ~= '' then
    rc('HSET', k, 'sched', c.sa)
    rc('ZADD', B .. 'scheduled', tonumber(c.sa), id)
  else
    rc('HDEL', k, 'sched')
  end
  if c.ea ~= '' then
    rc('HSET', k, 'exp', c.ea)
    rc('ZADD', B .. 'expiring', tonumber(c.ea), id)
  else
    rc('HDEL', k, 'exp')
  end
  if c.e ~= '' then rc('HSET', k, 'err', c.e) end
  if c.st == 'Processing' then rc('HSET', k, 'server', c.sv) end
  local h = { s = c.st, at = NOW }
  if c.r ~= '' then h.r = c.r end
  if c.sv ~= '' then h.sv = c.sv end
  if c.e ~= '' then h.e = c.e end
  if c.du ~= '' then h.d = c.du end
  rc('RPUSH', B .. 'hist:' .. id, cjson.encode(h))
  if c.st == 'Enqueued' then wake(q) end
  if FINISHES[c.st] then
    local children = rc('ZRANGE', B .. 'cont:' .. id, 0, -1)
    for _, child in ipairs(children) do
      pending[#pending + 1] = { child, id, c.st, c.ce }
    end
  end
end

-- Releases one continuation as ContinuationRules says, if it still waits.
local function release(child, parent, parentState, cexp)
  local f = rc('HMGET', jk(child), 'state', 'copt')
  if f[1] ~= 'Awaiting' then return end
  local st = 'Deleted'
  local reason = 'Parent job ' .. parent .. ' ' .. parentState .. '; this continuation runs only on success'
  if parentState == 'Succeeded' or f[2] == 'OnAnyFinishedState' then
    st = 'Enqueued'
    reason = 'Parent job ' .. parent .. ' ' .. parentState
  end
  local ea = ''
  if st == 'Deleted' then ea = cexp end
  applyOne(child, { st = st, r = reason, sa = '', ea = ea, e = '', sv = '', du = '', ce = cexp }, false)
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

local function apply(id, c)
  applyOne(id, c, false)
  drain()
end

-- Reads a change of 8 arguments starting at ARGV[i].
local function readChange(i)
  return { st = ARGV[i], r = ARGV[i + 1], sa = ARGV[i + 2], ea = ARGV[i + 3], e = ARGV[i + 4], sv = ARGV[i + 5], du = ARGV[i + 6], ce = ARGV[i + 7] }
end

-- Creates jobs: 8 arguments each from ARGV[i] (queue, invocation, state, scheduledAt, reason, parent, options,
-- expireAtIfDeleted). Checks every parent before storing anything, so a missing one stores nothing.
local function createJobs(i, n)
  for j = 0, n - 1 do
    local parent = ARGV[i + j * 8 + 5]
    if parent ~= '' and rc('EXISTS', jk(parent)) == 0 then
      error({ err = 'EMBERNOPARENT ' .. parent })
    end
  end
  local ids = {}
  for j = 0, n - 1 do
    local a = i + j * 8
    local q, inv, st, sa, r, parent, copt, eid = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7]
    local id = tostring(rc('INCR', B .. 'id'))
    local k = jk(id)
    rc('HSET', k, 'queue', q, 'inv', inv, 'created', NOW, 'attempt', 0, 'copt', copt)
    if parent ~= '' then rc('HSET', k, 'parent', parent) end
    applyOne(id, { st = st, r = r, sa = sa, ea = '', e = '', sv = '', du = '', ce = '' }, true)
    if parent ~= '' then
      rc('ZADD', B .. 'cont:' .. parent, tonumber(id), id)
      local ps = rc('HGET', jk(parent), 'state')
      if FINISHES[ps] then release(id, parent, ps, eid); drain() end
    end
    ids[#ids + 1] = id
  end
  return ids
end
