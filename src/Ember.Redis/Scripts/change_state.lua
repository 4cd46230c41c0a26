-- ChangeState: compare-and-set. ARGV[3] = job id, ARGV[4] = expected states joined by ',', ARGV[5] = the change as
-- JSON (see applyOne). Returns { 1 or 0, woken queues }.
local id = ARGV[3]
-- A job staged for a batch not created yet (common.lua, hidden) is not there to change.
local cur = current(id, 'stg')
if not cur[1] or hidden(cur[6]) then return { 0, {} } end
local ok = false
for s in string.gmatch(ARGV[4], '[^,]+') do
  if s == cur[1] then ok = true end
end
if not ok then return { 0, {} } end
apply(id, cur, cjson.decode(ARGV[5]))
flush()
return { 1, wokeList }
