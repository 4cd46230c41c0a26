-- Ember SQLite schema, version 8: flow control. Unique keys of jobs, paused queues, paused recurring jobs.

-- The unique key each job was created with (NewJob.Unique), so that a new job with the key finds the jobs that hold
-- it. A row goes with its job (foreign_keys is on); jobs without a key have none, so ordinary jobs pay nothing.
CREATE TABLE job_unique_keys (
    job_id     INTEGER NOT NULL PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    key        TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_job_unique_keys_key ON job_unique_keys (key, job_id);

-- Queues no server fetches from until resumed. A queue may be paused before it has any job.
CREATE TABLE paused_queues (
    queue     TEXT    NOT NULL PRIMARY KEY,
    paused_at INTEGER NOT NULL
);

-- A paused recurring job is never due; on resume its missed occurrences follow its misfire mode.
ALTER TABLE recurring_jobs ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;

INSERT INTO schema_version (version) VALUES (8);
