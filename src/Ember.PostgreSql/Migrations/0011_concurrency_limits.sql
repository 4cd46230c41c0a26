-- Ember PostgreSQL schema, version 11: concurrency limits. A job's concurrency key and its own limit, on the job (the
-- fetch reads them with the job, no join), and the limits set at run time. Functions: create_jobs stores the key,
-- fetch_jobs passes over full keys, jobs_updated wakes the queue of a keyed run that ended.
ALTER TABLE {schema}.jobs ADD COLUMN concurrency_key text;
ALTER TABLE {schema}.jobs ADD COLUMN concurrency_limit integer;

-- The runs holding each key's slots: the fetch counts them (at most the workers of the farm).
CREATE INDEX ix_jobs_concurrency_running ON {schema}.jobs (concurrency_key) WHERE state = 'Processing' AND concurrency_key IS NOT NULL;

-- Whether a queue has keyed jobs waiting: without any, the fetch takes the oldest jobs as before, with no key checks.
CREATE INDEX ix_jobs_concurrency_enqueued ON {schema}.jobs (queue, concurrency_key) WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL;

-- Limits set at run time (IJobStore.SetConcurrencyLimitAsync); they override the limit each job carries.
CREATE TABLE {schema}.concurrency_limits (
    key         text    NOT NULL PRIMARY KEY,
    max_running integer NOT NULL
);

INSERT INTO {schema}.schema_version (version) VALUES (11);
