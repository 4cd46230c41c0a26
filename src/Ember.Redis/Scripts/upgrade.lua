-- Builds the read-side indexes of a store written before they existed: the set of queues (from Enqueued jobs) and the
-- failure groups (from Failed jobs not yet counted in one). Walks ARGV[3] jobs of each kind per call, from cursors
-- kept in the 'meta' hash, up to the last id that existed when the upgrade began (later jobs are indexed by the
-- scripts that move them), then the retry index. Every step is idempotent, so servers may run it at the same time.
-- Returns 1 when done.
local mk = B .. 'meta'
local n = tonumber(ARGV[3])

-- The retry index (Scheduled jobs with an error, kept by applyOne from this version on): the Scheduled jobs stored
-- before it are walked once, up to the last id that existed when this step began, from a cursor in 'meta'.
local function retries()
  if rc('HGET', mk, 'retries') == '1' then return 1 end
  local last = rc('HGET', mk, 'up:rlast')
  if not last then
    last = rc('GET', B .. 'id') or '0'
    rc('HSET', mk, 'up:rlast', last)
  end
  local from = rc('HGET', mk, 'up:retries') or '0'
  local ids = rc('ZRANGEBYSCORE', B .. 's:Scheduled', '(' .. from, last, 'LIMIT', 0, n)
  for _, id in ipairs(ids) do
    local f = rc('HMGET', jk(id), 'state', 'err')
    if f[1] == 'Scheduled' and f[2] then rc('ZADD', B .. 'retries', tonumber(id), id) end
  end
  if #ids > 0 then rc('HSET', mk, 'up:retries', ids[#ids]) end
  if #ids < n then
    rc('HSET', mk, 'retries', '1')
    rc('HDEL', mk, 'up:rlast', 'up:retries')
    return 1
  end
  return 0
end

if rc('HGET', mk, 'readside') == '1' then return retries() end
local last = rc('HGET', mk, 'up:last')
if not last then
  last = rc('GET', B .. 'id') or '0'
  rc('HSET', mk, 'up:last', last)
  -- The running totals start from the finished jobs still stored: the best that can be known of the past. A new
  -- store (no job ever) needs nothing: the scripts start each total when it first grows.
  if last ~= '0' then
    local ck = B .. 'counts'
    rc('HSETNX', ck, 'total:Succeeded', rc('HGET', ck, 'Succeeded') or 0)
    rc('HSETNX', ck, 'total:Failed', rc('HGET', ck, 'Failed') or 0)
  end
end

local function walk(state, cursor, each)
  local from = rc('HGET', mk, cursor) or '0'
  local ids = rc('ZRANGEBYSCORE', B .. 's:' .. state, '(' .. from, last, 'LIMIT', 0, n)
  for _, id in ipairs(ids) do each(id) end
  if #ids > 0 then rc('HSET', mk, cursor, ids[#ids]) end
  return #ids < n
end

local queuesDone = walk('Enqueued', 'up:enqueued', function(id)
  local q = rc('HGET', jk(id), 'queue')
  if q then rc('SADD', B .. 'queues', q) end
end)
local failedDone = walk('Failed', 'up:failed', function(id)
  local f = rc('HMGET', jk(id), 'state', 'fg', 'et', 'err')
  if f[1] == 'Failed' and not f[2] then
    local t = f[3] or errType(f[4])
    fail(t, id, 1)
    rc('HSET', jk(id), 'fg', t)
  end
end)
flush()
if queuesDone and failedDone then
  rc('HSET', mk, 'readside', '1')
  rc('HDEL', mk, 'up:last', 'up:enqueued', 'up:failed')
end
return 0
