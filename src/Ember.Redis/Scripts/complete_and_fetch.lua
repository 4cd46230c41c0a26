-- CompleteAndFetchJobs: completions as in complete.lua from ARGV[3], then right after them a fetch as in fetch.lua (how
-- many, lease expiry, server id, queues). Returns { applied, woken queues, fetched jobs as fetch.lua returns them }.
local applied, next = completeJobs(3)
-- Index changes wait for flush(): written now, the fetch's ZPOPMIN sees the continuations the completions released.
flush()
local out = fetchJobs(next)
flush()
return { applied, wokeList, out }
