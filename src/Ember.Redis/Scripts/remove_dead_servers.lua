-- RemoveDeadServers: servers whose last heartbeat is before ARGV[3] (ms) are removed. Returns how many.
local ids = rc('ZRANGEBYSCORE', B .. 'servers:hb', '-inf', '(' .. ARGV[3])
for _, id in ipairs(ids) do
  rc('HDEL', B .. 'servers', id)
  rc('ZREM', B .. 'servers:hb', id)
end
return #ids
