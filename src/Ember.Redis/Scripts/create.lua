-- CreateJobs. ARGV[3] = the jobs as a JSON array (see createJobs). Returns { ids, woken queues }.
local ids = createJobs(cjson.decode(ARGV[3]))
return { ids, wokeList }
