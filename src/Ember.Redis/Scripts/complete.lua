-- CompleteJobs: ARGV[3] = count, then per completion: id, lease token, and a change of 8 arguments. Each applies only
-- while the job is Processing under that token (the fence against a stale worker). Returns { applied, woken queues }.
local n = tonumber(ARGV[3])
local applied = 0
for j = 0, n - 1 do
  local a = 4 + j * 10
  local id, token = ARGV[a], ARGV[a + 1]
  local cur = rc('HMGET', jk(id), 'state', 'queue', 'exp', 'sched', 'hc', 'token')
  if cur[1] == 'Processing' and cur[6] == token then
    apply(id, cur, readChange(a + 2))
    applied = applied + 1
  end
end
flush()
return { applied, wokeList }
