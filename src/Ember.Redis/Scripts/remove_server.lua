-- RemoveServer: ARGV[3] = server id.
rc('HDEL', B .. 'servers', ARGV[3])
rc('ZREM', B .. 'servers:hb', ARGV[3])
return 1
