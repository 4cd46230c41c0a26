-- GetJob: ARGV[3] = id. Returns { HGETALL, history, log } (an empty HGETALL when there is no such job).
local id = ARGV[3]
-- A job staged for a batch not created yet (stage_batch_jobs.lua) does not exist yet.
if hidden(rc('HGET', jk(id), 'stg')) then return { {}, {}, {} } end
return { rc('HGETALL', jk(id)), rc('LRANGE', B .. 'hist:' .. id, 0, -1), rc('LRANGE', B .. 'log:' .. id, 0, -1) }
