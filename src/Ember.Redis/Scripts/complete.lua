-- CompleteJobs: ARGV[3] = count, then per completion: id, lease token, and a change of 8 arguments (see completeJobs in
-- common.lua). Returns { applied, woken queues }.
local applied = completeJobs(3)
flush()
return { applied, wokeList }
