-- CancelBatch: ARGV[3] = batch id. Marks a Started batch cancelled, so that it finishes Deleted. Returns 1, or 0 when
-- the batch doesn't exist or has finished.
local k = B .. 'batch:' .. ARGV[3]
if rc('HGET', k, 'state') ~= 'Started' then return 0 end
rc('HSET', k, 'cancelled', '1')
return 1
