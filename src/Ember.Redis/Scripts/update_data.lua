-- UpdateJobData: what a job reports about itself. ARGV[3] = id, ARGV[4] = lease token ('' for none), ARGV[5] =
-- parameters to merge as a JSON object of strings ('' for none; a JSON null removes one), ARGV[6] = progress ('' for
-- none), ARGV[7] = the most log lines kept, ARGV[8..] = log lines to append (JSON {t = ms, x = text}).
-- With a token, only while the run holds it. Returns 1 when the job was updated, 0 otherwise.
local id, token = ARGV[3], ARGV[4]
local k = jk(id)
local f = rc('HMGET', k, 'state', 'token', 'pm', 'stg')
-- A job staged for a batch not created yet (common.lua, hidden) is not there to update.
if not f[1] or hidden(f[4]) then return 0 end
if token ~= '' and (f[1] ~= 'Processing' or f[2] ~= token) then return 0 end
if ARGV[5] ~= '' then
  local parameters = f[3] and cjson.decode(f[3]) or {}
  for name, value in pairs(cjson.decode(ARGV[5])) do
    if value == cjson.null then parameters[name] = nil else parameters[name] = value end
  end
  if next(parameters) == nil then rc('HDEL', k, 'pm') else rc('HSET', k, 'pm', cjson.encode(parameters)) end
end
if ARGV[6] ~= '' then rc('HSET', k, 'pg', ARGV[6]) end
if #ARGV >= 8 then
  local log = B .. 'log:' .. id
  rc('RPUSH', log, unpack(ARGV, 8))
  rc('LTRIM', log, -tonumber(ARGV[7]), -1)
end
return 1
