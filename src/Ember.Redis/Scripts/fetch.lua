-- FetchJobs: ARGV[3] = how many to claim, ARGV[4] = lease expiry (ms), ARGV[5] = server id, ARGV[6..] = queues in
-- priority order (see fetchJobs in common.lua). Returns a flat array: id, queue, invocation, attempt, token, createdAt per job.
local out = fetchJobs(3)
flush()
return out
