-- ReserveIds: ARGV[3] = how many. Reserves that many ids from the job ids' counter (IJobStore.ReserveIdsAsync), for a
-- batch created later with them (create_batch.lua); returns the last, the others being the ones below it.
return rc('INCRBY', B .. 'id', tonumber(ARGV[3]))
