-- Ember SQLite schema, version 14: lists of one state and queue read a partial index of that state's jobs by queue,
-- instead of one full index (state, queue, id) that every created job and every move through Enqueued and Processing
-- wrote. Enqueued has ix_jobs_enqueued (queue, parked, id); Processing, at most one job per worker, is read through
-- ix_jobs_state.
-- A job created Enqueued now writes one index fewer, and a fetch moves it out of one index fewer.
DROP INDEX ix_jobs_state_queue;
CREATE INDEX ix_jobs_scheduled_queue ON jobs (queue, id) WHERE state = 'Scheduled';
CREATE INDEX ix_jobs_awaiting_queue ON jobs (queue, id) WHERE state = 'Awaiting';
CREATE INDEX ix_jobs_succeeded_queue ON jobs (queue, id) WHERE state = 'Succeeded';
CREATE INDEX ix_jobs_failed_queue ON jobs (queue, id) WHERE state = 'Failed';
CREATE INDEX ix_jobs_deleted_queue ON jobs (queue, id) WHERE state = 'Deleted';

INSERT INTO schema_version (version) VALUES (14);
