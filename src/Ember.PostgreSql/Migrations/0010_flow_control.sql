-- Ember PostgreSQL schema, version 10: flow control. Unique keys of jobs, paused queues, paused recurring jobs.

-- The unique key each job was created with (NewJob.Unique), so that a new job with the key finds the jobs that hold
-- it. A row goes with its job; jobs without a key have none, so ordinary jobs pay nothing.
CREATE TABLE {schema}.job_unique_keys (
    job_id     bigint      NOT NULL PRIMARY KEY REFERENCES {schema}.jobs (id) ON DELETE CASCADE,
    key        text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_job_unique_keys_key ON {schema}.job_unique_keys (key, job_id);

-- Queues no server fetches from until resumed. A queue may be paused before it has any job.
CREATE TABLE {schema}.paused_queues (
    queue     text        NOT NULL PRIMARY KEY,
    paused_at timestamptz NOT NULL
);

-- A paused recurring job is never due; on resume its missed occurrences follow its misfire mode.
ALTER TABLE {schema}.recurring_jobs ADD COLUMN paused boolean NOT NULL DEFAULT false;

INSERT INTO {schema}.schema_version (version) VALUES (10);
