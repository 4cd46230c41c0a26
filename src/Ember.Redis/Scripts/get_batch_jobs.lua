-- GetBatchJobs: ARGV[3] = batch id, ARGV[4] = state ('' = any), ARGV[5] = only ids below this one ('' = no bound),
-- ARGV[6] = count. Walks the batch's members newest first, a chunk at a time, keeping those in the state. Returns
-- { id, HGETALL } pairs.
local idx = B .. 'bj:' .. ARGV[3]
local state, want = ARGV[4], tonumber(ARGV[6])
local max = '+inf'
if ARGV[5] ~= '' then max = '(' .. ARGV[5] end
local out, got = {}, 0
while got < want do
  local ids = rc('ZREVRANGEBYSCORE', idx, max, '-inf', 'LIMIT', 0, 1000)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    local h = rc('HGETALL', jk(id))
    if #h > 0 and (state == '' or rc('HGET', jk(id), 'state') == state) then
      out[#out + 1] = id
      out[#out + 1] = h
      got = got + 1
      if got >= want then break end
    end
  end
  max = '(' .. ids[#ids]
end
return out
