-- CreateJobs. ARGV[3] = job count, then 8 arguments per job (see createJobs). Returns { ids, woken queues }.
local ids = createJobs(4, tonumber(ARGV[3]))
return { ids, wokeList }
