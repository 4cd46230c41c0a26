-- ChangeState: compare-and-set. ARGV[3] = job id, ARGV[4] = expected states joined by ',', then a change of 8
-- arguments. Returns { 1 or 0, woken queues }.
local id = ARGV[3]
local st = rc('HGET', jk(id), 'state')
if not st then return { 0, {} } end
local ok = false
for s in string.gmatch(ARGV[4], '[^,]+') do
  if s == st then ok = true end
end
if not ok then return { 0, {} } end
apply(id, readChange(5))
return { 1, wokeList }
