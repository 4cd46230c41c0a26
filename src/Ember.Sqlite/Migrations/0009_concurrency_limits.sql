-- Ember SQLite schema, version 9: concurrency limits. A job's concurrency key and its own limit, on the job (the fetch
-- reads them with the job, no join), and the limits set at run time.
ALTER TABLE jobs ADD COLUMN concurrency_key TEXT;
ALTER TABLE jobs ADD COLUMN concurrency_limit INTEGER;

-- The runs holding each key's slots: the fetch counts them per key (a handful of rows, at most the limit).
CREATE INDEX ix_jobs_concurrency_running ON jobs (concurrency_key) WHERE state = 'Processing' AND concurrency_key IS NOT NULL;

-- Whether a queue has keyed jobs waiting: without any, the fetch takes the oldest jobs as before, with no key checks.
CREATE INDEX ix_jobs_concurrency_enqueued ON jobs (queue, concurrency_key) WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL;

-- Limits set at run time (IJobStore.SetConcurrencyLimitAsync); they override the limit each job carries.
CREATE TABLE concurrency_limits (
    key     TEXT    NOT NULL PRIMARY KEY,
    max_running INTEGER NOT NULL
);

INSERT INTO schema_version (version) VALUES (9);
