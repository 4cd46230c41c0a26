-- FireRecurringJob: compare-and-set on NextRunAt. ARGV[3] = id, ARGV[4] = expected next ('' = disabled), ARGV[5] =
-- new next ('' = none), ARGV[6] = run at, ARGV[7] = the jobs as a JSON array (see createJobs).
-- Returns { 1, ids, woken queues }, or { 0 } when NextRunAt changed (another server fired it) or the job is gone.
local id = ARGV[3]
local k = B .. 'rec:' .. id
local f = rc('HMGET', k, 'id', 'next')
if not f[1] then return { 0 } end
if (f[2] or '') ~= ARGV[4] then return { 0 } end
local ids = createJobs(cjson.decode(ARGV[7]))
if ARGV[5] ~= '' then rc('HSET', k, 'next', ARGV[5]); rc('ZADD', B .. 'rec:due', tonumber(ARGV[5]), id) else rc('HDEL', k, 'next'); rc('ZREM', B .. 'rec:due', id) end
rc('HSET', k, 'last', ARGV[6])
if #ids > 0 then rc('HSET', k, 'lastjob', ids[#ids]) end
rc('HDEL', k, 'error')
return { 1, ids, wokeList }
