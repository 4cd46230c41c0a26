-- CompleteJobs: ARGV[3] = a JSON array of completions, each a change (see applyOne) with id and token. Each applies
-- only while the job is Processing under that token (the fence against a stale worker). Returns { applied, already
-- completed, woken queues }: the 1-based positions of the completions applied, and of those whose run had already
-- completed (the job left Processing under the same token: an earlier write of it landed). The rest lost their lease.
local completions = cjson.decode(ARGV[3])
local applied, completed = {}, {}
for i, c in ipairs(completions) do
  local cur = current(c.id, 'token', 'ck')
  if cur[6] == c.token then
    if cur[1] == 'Processing' then
      c.keep = true
      -- Read with the job's other fields: applyOne needn't ask for the concurrency key (false: the job has none).
      c.ck = cur[7] or false
      apply(c.id, cur, c)
      applied[#applied + 1] = i
    else
      completed[#completed + 1] = i
    end
  end
end
flush()
return { applied, completed, wokeList }
