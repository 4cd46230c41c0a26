-- ChangeStates: change_state for many jobs in one call. ARGV[3] = expected states joined by ',', ARGV[4] = the change
-- as JSON (see applyOne), ARGV[5..] = job ids. Each job is compared and set on its own; the indexes are written once
-- for the batch (flush). Returns { how many changed, woken queues }.
local expected = {}
for s in string.gmatch(ARGV[3], '[^,]+') do expected[s] = true end
local c = cjson.decode(ARGV[4])
local changed = 0
for i = 5, #ARGV do
  local id = ARGV[i]
  -- A job staged for a batch not created yet (common.lua, hidden) is not there to change.
  local cur = current(id, 'stg')
  if cur[1] and expected[cur[1]] and not hidden(cur[6]) then
    apply(id, cur, c)
    changed = changed + 1
  end
end
flush()
return { changed, wokeList }
