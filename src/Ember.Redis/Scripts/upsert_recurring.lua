-- UpsertRecurringJob: ARGV[3] = id, then cron, tz, queue, invocation, misfire, next, last, lastjob, error ('' = none).
-- Replaces every field but the creation time and the pause.
local id = ARGV[3]
local k = B .. 'rec:' .. id
local created = rc('HGET', k, 'created') or NOW
local paused = rc('HGET', k, 'paused')
rc('DEL', k)
rc('HSET', k, 'id', id, 'cron', ARGV[4], 'tz', ARGV[5], 'queue', ARGV[6], 'inv', ARGV[7], 'misfire', ARGV[8], 'created', created)
-- A pause outlives the upsert (only pause_recurring changes it), and a paused job stays out of the due index.
if paused then rc('HSET', k, 'paused', paused) end
if ARGV[9] ~= '' then rc('HSET', k, 'next', ARGV[9]) end
if ARGV[9] ~= '' and not paused then rc('ZADD', B .. 'rec:due', tonumber(ARGV[9]), id) else rc('ZREM', B .. 'rec:due', id) end
if ARGV[10] ~= '' then rc('HSET', k, 'last', ARGV[10]) end
if ARGV[11] ~= '' then rc('HSET', k, 'lastjob', ARGV[11]) end
if ARGV[12] ~= '' then rc('HSET', k, 'error', ARGV[12]) end
rc('ZADD', B .. 'rec:ids', 0, id)
return 1
