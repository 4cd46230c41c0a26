-- Ember SQLite schema, version 6: the dashboard's queue lengths from counters, and an index for each list filter, so
-- neither reads more than the rows it shows.

-- 'queue:<name>' rows of job_counters: how many Enqueued jobs each queue holds, kept by JobCounters like the others.
INSERT INTO job_counters (name, value)
    SELECT 'queue:' || queue, count(*) FROM jobs INDEXED BY ix_jobs_enqueued WHERE state = 'Enqueued' GROUP BY queue;

-- Lists of one state and queue, newest first.
CREATE INDEX ix_jobs_state_queue ON jobs (state, queue, id);
-- Jobs that have an error: the Retries list (Scheduled jobs with an error) and the exception-type filter in any state.
-- Partial: a job that never failed is in neither, so the hot path never writes to them.
CREATE INDEX ix_jobs_errors ON jobs (state, id) WHERE last_error_type IS NOT NULL;
CREATE INDEX ix_jobs_error_type ON jobs (state, last_error_type, id) WHERE last_error_type IS NOT NULL;

INSERT INTO schema_version (version) VALUES (6);
