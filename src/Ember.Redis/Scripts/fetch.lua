-- FetchJobs: claims up to ARGV[3] Enqueued jobs, queues in the order given (ARGV[6..]), oldest first within a queue.
-- ARGV[4] = lease expiry (ms), ARGV[5] = server id. Each claim gets a fresh lease token from one counter.
-- Returns a flat array: id, queue, invocation, attempt, token, createdAt per job.
local want = tonumber(ARGV[3])
local lexp = ARGV[4]
local server = ARGV[5]
local out = {}
local got = 0
for qi = 6, #ARGV do
  if got >= want then break end
  local q = ARGV[qi]
  local ids = rc('ZRANGE', B .. 'sq:Enqueued:' .. q, 0, want - got - 1)
  for _, id in ipairs(ids) do
    local k = jk(id)
    local attempt = rc('HINCRBY', k, 'attempt', 1)
    local token = tostring(rc('INCR', B .. 'lease'))
    applyOne(id, { st = 'Processing', r = '', sa = '', ea = '', e = '', sv = server, du = '', ce = '' }, false)
    rc('HSET', k, 'token', token, 'lexp', lexp)
    rc('ZADD', B .. 'processing', tonumber(lexp), id)
    local f = rc('HMGET', k, 'inv', 'created')
    out[#out + 1] = id
    out[#out + 1] = q
    out[#out + 1] = f[1]
    out[#out + 1] = tostring(attempt)
    out[#out + 1] = token
    out[#out + 1] = f[2]
    got = got + 1
  end
end
return out
