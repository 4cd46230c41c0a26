-- Ember PostgreSQL schema, version 9: continuations of several parents (fan-in) and batches. One mechanism for both
-- (ContinuationRules): a continuation counts down the parents it still waits for, in the transactions that finish
-- them (Functions/release_continuations.sql), and a batch is a parent like a job, finished when the last of its
-- members has.

-- Every parent of every continuation, one row each, in the order given (position). waiting is true until the
-- parent's first finish has been counted, so a parent that finishes twice (requeued in between) counts once.
-- parent_id names a job or a batch (they share jobs_id_seq), hence no foreign key on it; delete_expired removes a
-- pruned parent's rows, and the cascade a pruned continuation's.
CREATE TABLE {schema}.job_parents (
    parent_id bigint  NOT NULL,
    child_id  bigint  NOT NULL REFERENCES {schema}.jobs (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    waiting   boolean NOT NULL,
    PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX ix_job_parents_child ON {schema}.job_parents (child_id, position);

-- The countdown: how many of a continuation's parents have not finished yet (null for a job that is none).
ALTER TABLE {schema}.jobs ADD COLUMN pending_parents integer;

-- Continuations of earlier versions had one parent each, in jobs.parent_id (kept: the first parent, for lists).
INSERT INTO {schema}.job_parents (parent_id, child_id, position, waiting)
    SELECT parent_id, id, 0, state = 'Awaiting' FROM {schema}.jobs WHERE parent_id IS NOT NULL;
UPDATE {schema}.jobs SET pending_parents = 1 WHERE parent_id IS NOT NULL AND state = 'Awaiting';
DROP INDEX {schema}.ix_jobs_parent;

-- The batch a job is a member of. Partial index: a batch's jobs by state (its page, cancel, requeue of its failed
-- jobs, its running count); plain jobs stay out of it.
ALTER TABLE {schema}.jobs ADD COLUMN batch_id bigint;
CREATE INDEX ix_jobs_batch ON {schema}.jobs (batch_id, state, id) WHERE batch_id IS NOT NULL;

-- A batch: its counts are kept by the transactions that finish its members (O(1) per member), never by a scan.
-- id comes from jobs_id_seq. state: a BatchState name. A nested batch is one member of parent_batch_id.
-- cancelled: Cancel was called, so the batch finishes Deleted.
CREATE TABLE {schema}.batches (
    id              bigint      PRIMARY KEY,
    description     text,
    state           text        NOT NULL,
    parent_batch_id bigint,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    cancelled       boolean     NOT NULL DEFAULT false,
    total           integer     NOT NULL DEFAULT 0,
    succeeded       integer     NOT NULL DEFAULT 0,
    failed          integer     NOT NULL DEFAULT 0,
    deleted         integer     NOT NULL DEFAULT 0
);
CREATE INDEX ix_batches_parent ON {schema}.batches (parent_batch_id, id) WHERE parent_batch_id IS NOT NULL;

-- create_jobs takes the batch ids of create_batch as a third parameter (default null): the two-parameter function goes,
-- so that calls with two arguments find the one function.
DROP FUNCTION IF EXISTS {schema}.create_jobs(json, timestamptz);

INSERT INTO {schema}.schema_version (version) VALUES (9);
