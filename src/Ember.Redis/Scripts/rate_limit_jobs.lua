-- GetRateLimits, the job counts: the rate limits carried by a slice of the jobs in one state, ARGV[3] = the state
-- (Enqueued, Scheduled or Processing), ARGV[4] = the first rank of its index (s:<state>, by id), ARGV[5] = how many.
-- The caller walks the index a slice per call, so that no call holds Redis for long however many jobs are live.
-- Returns the number of ids read, then pairs of the parameter's text (RateLimits, as the job carries it) and how many
-- jobs of the slice carry that text.
local ids = rc('ZRANGE', B .. 's:' .. ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[4]) + tonumber(ARGV[5]) - 1)
local counts, order = {}, {}
for _, id in ipairs(ids) do
  local pm = rc('HGET', jk(id), 'pm')
  -- Most jobs carry parameters (their cultures) and no limits: only those naming RateLimits are decoded.
  if pm and string.find(pm, '"RateLimits"', 1, true) then
    local ok, decoded = pcall(cjson.decode, pm)
    local limits = ok and type(decoded) == 'table' and decoded.RateLimits or nil
    if type(limits) == 'string' and limits ~= '' then
      if not counts[limits] then counts[limits] = 0; order[#order + 1] = limits end
      counts[limits] = counts[limits] + 1
    end
  end
end
local out = { #ids }
for _, limits in ipairs(order) do
  out[#out + 1] = limits
  out[#out + 1] = counts[limits]
end
return out
