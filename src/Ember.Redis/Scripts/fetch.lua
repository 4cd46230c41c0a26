-- FetchJobs: claims up to ARGV[3] Enqueued jobs, queues in the order given (ARGV[6..]), oldest first within a queue
-- (ZPOPMIN of the queue's sorted set, scored by id). ARGV[4] = lease expiry (ms), ARGV[5] = server id. A claim's lease
-- token is "<id>.<attempt>": unique, since every claim increments the attempt. History kind 2: Fetched. Returns a flat array: id, queue,
-- invocation, attempt, token, createdAt, parameters ('' for none) per job.
-- Concurrency limits: a popped job whose key has as many runs as its limit is parked (common.lua) instead of claimed,
-- and the queue is popped again, so the jobs behind a full key are taken in the same call.
local want = tonumber(ARGV[3])
local lexp = ARGV[4]
local server = ARGV[5]
local out = {}
local got = 0
local change = { st = 'Processing', k = 2, sv = server, popped = true }
for qi = 6, #ARGV do
  if got >= want then break end
  local q = ARGV[qi]
  -- A paused queue (set 'paused', see pause_queue.lua) is skipped: nothing is popped from it.
  local paused = rc('SISMEMBER', B .. 'paused', q) == 1
  local popped = paused and {} or rc('ZPOPMIN', B .. 'sq:Enqueued:' .. q, want - got)
  while #popped > 0 do
    for p = 1, #popped, 2 do
      local id = popped[p]
      local cur = current(id, 'inv', 'created', 'attempt', 'pm', 'ck', 'cl')
      local ck = cur[10]
      local full = false
      if cur[1] == 'Enqueued' and ck then
        full = rc('SCARD', B .. 'ch:' .. ck) >= limitOf(ck, cur[11])
        if full then park(id, q, ck) end
      end
      if cur[1] == 'Enqueued' and not full then
        local attempt = tonumber(cur[8] or '0') + 1
        local token = id .. '.' .. attempt
        change.ck = ck or false
        applyOne(id, cur, change, { 'attempt', attempt, 'token', token, 'lexp', lexp })
        if ck then takeSlot(id, ck) end
        zset(B .. 'processing', id, tonumber(lexp))
        out[#out + 1] = id
        out[#out + 1] = q
        out[#out + 1] = cur[6]
        out[#out + 1] = tostring(attempt)
        out[#out + 1] = token
        out[#out + 1] = cur[7]
        out[#out + 1] = cur[9] or ''
        got = got + 1
      end
    end
    popped = got < want and rc('ZPOPMIN', B .. 'sq:Enqueued:' .. q, want - got) or {}
  end
end
flush()
return out
