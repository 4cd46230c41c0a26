-- Ember SQLite schema, version 3: counters for the dashboard, kept by the write transactions that move jobs, so the
-- statistics are read without counting the jobs.

-- name: a state's name (how many jobs are in it now), or 'entered:Succeeded' / 'entered:Failed' (running totals of
-- entries into that state since the file was created; expiry never lowers them). Every write transaction adds its
-- deltas in one upsert before it commits (JobCounters), so the counters are as exact as the jobs. One writer holds
-- the file at a time anyway, so these few rows add no contention of their own.
CREATE TABLE job_counters (
    name  TEXT    NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- Entries into Succeeded and Failed per UTC hour (hour: the hour's start in unix ms). Hours older than 31 days are
-- dropped with expired jobs.
CREATE TABLE job_hourly_counts (
    hour      INTEGER NOT NULL PRIMARY KEY,
    succeeded INTEGER NOT NULL,
    failed    INTEGER NOT NULL
);

-- A file of an older version starts from the jobs it holds. Its totals and hours can only count the entries still in
-- the history of stored jobs: those of jobs already pruned are gone.
INSERT INTO job_counters (name, value) SELECT state, count(*) FROM jobs GROUP BY state;
INSERT INTO job_counters (name, value)
    SELECT 'entered:' || state, count(*) FROM job_history WHERE state IN ('Succeeded', 'Failed') GROUP BY state;
INSERT INTO job_hourly_counts (hour, succeeded, failed)
    SELECT at / 3600000 * 3600000, sum(state = 'Succeeded'), sum(state = 'Failed')
    FROM job_history WHERE state IN ('Succeeded', 'Failed') GROUP BY at / 3600000;

-- Failure groups and the exception-type filter of the Failed list read only the Failed jobs, which stay until someone
-- acts; partial, so the hot path (no job fails there) never writes to it.
CREATE INDEX ix_jobs_failed ON jobs (last_error_type, id) WHERE state = 'Failed';

INSERT INTO schema_version (version) VALUES (3);
