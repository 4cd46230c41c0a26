-- Ember SQLite schema, version 2: continuations, recurring jobs and job mutexes.

-- A continuation names the job it waits for. No foreign key: a parent pruned after it expired leaves its
-- continuations, and their parent_id, as they are (as the in-memory store does).
ALTER TABLE jobs ADD COLUMN parent_id INTEGER;
-- A JobContinuationOptions name. Jobs of version 1 get the enum's default.
ALTER TABLE jobs ADD COLUMN continuation_options TEXT NOT NULL DEFAULT 'OnlyOnSucceededState';

-- The continuations of a parent, oldest first: released when it finishes (filtered to Awaiting on the few rows of one
-- parent) and listed by the dashboard. Partial: the many jobs without a parent stay out of it.
CREATE INDEX ix_jobs_parent ON jobs (parent_id, id) WHERE parent_id IS NOT NULL;

-- misfire: a MisfireHandling name. next_run_at is NULL while the job is disabled (error says why).
CREATE TABLE recurring_jobs (
    id           TEXT    NOT NULL PRIMARY KEY,
    cron         TEXT    NOT NULL,
    time_zone_id TEXT    NOT NULL,
    queue        TEXT    NOT NULL,
    invocation   TEXT    NOT NULL,
    misfire      TEXT    NOT NULL,
    next_run_at  INTEGER,
    last_run_at  INTEGER,
    last_job_id  TEXT,
    error        TEXT,
    created_at   INTEGER NOT NULL
);

-- Due recurring jobs, earliest first; disabled ones are never due.
CREATE INDEX ix_recurring_jobs_due ON recurring_jobs (next_run_at, id) WHERE next_run_at IS NOT NULL;

-- A mutex is held by one run of a job: its job id (as the caller gave it) and lease token. No expiry of its own: a
-- holder whose job is no longer Processing under that token, or no longer exists, holds nothing.
CREATE TABLE mutexes (
    name        TEXT NOT NULL PRIMARY KEY,
    job_id      TEXT NOT NULL,
    lease_token TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO schema_version (version) VALUES (2);
