-- SetConcurrencyLimit: ARGV[3] = key, ARGV[4] = the limit, or '' to remove the one set. Every job parked by the key
-- goes back to its queue (and wakes it): the next fetch parks again those still over the new limit. Returns the woken queues.
local ck = ARGV[3]
if ARGV[4] == '' then rc('HDEL', B .. 'climit', ck) else rc('HSET', B .. 'climit', ck, ARGV[4]) end
unpark(ck, rc('ZCARD', B .. 'cw:' .. ck))
flush()
return wokeList
