-- CreateJobs. ARGV[3] = the jobs as a JSON array (see createJobs). Returns { ids, woken queues, positions (from 1) of
-- the jobs whose unique key was held }.
local ids = createJobs(cjson.decode(ARGV[3]))
return { ids, wokeList, existing }
