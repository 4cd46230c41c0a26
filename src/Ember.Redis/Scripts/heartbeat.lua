-- Heartbeat: ARGV[3] = server id, ARGV[4] = its JSON description. Upserts it and its last-heartbeat time.
rc('HSET', B .. 'servers', ARGV[3], ARGV[4])
rc('ZADD', B .. 'servers:hb', NOWN, ARGV[3])
return 1
