-- GetJobs with filters: walks an index (ARGV[3], as in get_jobs) newest first and keeps the jobs that pass every
-- filter given: ARGV[6] = search text (job id equal, or invocation containing it ignoring ASCII case), ARGV[7] =
-- exception type, ARGV[8] = '1' for jobs with an error only, ARGV[9] = queue ('' = any). ARGV[4] = offset and ARGV[5]
-- = count of matches. At most ARGV[10] entries of the index are examined, so one search can't hold Redis for long.
-- ARGV[11] = only ids below this one ('' = no bound): the walk starts at the first entry below it.
-- Returns { id, HGETALL } pairs, newest first.
local idx, offset, want = B .. ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local text, etype, witherr, queue, limit = ARGV[6], ARGV[7], ARGV[8] == '1', ARGV[9], tonumber(ARGV[10])
local needle = string.lower(text)
-- Read only the fields the filters need: each one read costs Redis time for every job examined.
local fields, at = {}, {}
local function need(name) fields[#fields + 1] = name; at[name] = #fields end
if queue ~= '' then need('queue') end
if witherr or etype ~= '' then need('err') end
if etype ~= '' then need('et') end
if text ~= '' then need('inv') end

local function matches(id)
  local f = rc('HMGET', jk(id), unpack(fields))
  if queue ~= '' and f[at.queue] ~= queue then return false end
  if (witherr or etype ~= '') and not f[at.err] then return false end
  if etype ~= '' and (f[at.et] or errType(f[at.err])) ~= etype then return false end
  -- Plain find (4th argument): the text is literal, never a pattern. string.lower only folds ASCII letters.
  if text ~= '' and id ~= text and not (f[at.inv] and string.find(string.lower(f[at.inv]), needle, 1, true)) then return false end
  return true
end

local out = {}
local skipped = 0
local function take(id)
  if skipped < offset then skipped = skipped + 1; return end
  out[#out + 1] = id
  out[#out + 1] = rc('HGETALL', jk(id))
end

-- Entries at or above the bound are skipped by rank, never read.
local base = 0
if ARGV[11] ~= '' then base = rc('ZCOUNT', idx, ARGV[11], '+inf') end
local total = rc('ZCARD', idx) - base
local seen = 0
while seen < total and seen < limit and #out < want * 2 do
  local ids = rc('ZREVRANGE', idx, base + seen, base + seen + math.min(200, limit - seen) - 1)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    if #out >= want * 2 then break end
    seen = seen + 1
    if matches(id) then take(id) end
  end
end
-- A job searched for by its id is found even past the bound: it is older than every job examined, so it comes last.
if #out < want * 2 and seen < total and seen >= limit and string.match(text, '^%d+$') then
  local rank = rc('ZREVRANK', idx, text)
  if rank and rank >= base + seen and matches(text) then take(text) end
end
return out
