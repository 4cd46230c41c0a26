-- Ember SQLite schema, version 7: continuations of several parents (fan-in) and batches. One mechanism for both
-- (ContinuationRules): a continuation counts down the parents it still waits for, in the transactions that finish
-- them, and a batch is a parent like a job, finished when the last of its members has.

-- Every parent of every continuation, one row each, in the order given (position). waiting is 1 until the parent's
-- first finish has been counted, so a parent that finishes twice (requeued in between) counts once. parent_id names a
-- job or a batch (they share one id sequence), hence no foreign key on it; a pruned parent's rows go with it.
CREATE TABLE job_parents (
    parent_id INTEGER NOT NULL,
    child_id  INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    waiting   INTEGER NOT NULL,
    PRIMARY KEY (parent_id, child_id)
) WITHOUT ROWID;
-- A continuation's parents in order; also what the cascade from jobs looks up.
CREATE INDEX ix_job_parents_child ON job_parents (child_id, position);

-- The countdown: how many of a continuation's parents have not finished yet (null for a job that is none).
ALTER TABLE jobs ADD COLUMN pending_parents INTEGER;

-- Continuations of version 6 had one parent each, in jobs.parent_id (kept: the first parent, for lists).
INSERT INTO job_parents (parent_id, child_id, position, waiting)
    SELECT parent_id, id, 0, state = 'Awaiting' FROM jobs WHERE parent_id IS NOT NULL;
UPDATE jobs SET pending_parents = 1 WHERE parent_id IS NOT NULL AND state = 'Awaiting';
DROP INDEX ix_jobs_parent;

-- The batch a job is a member of. Partial index: a batch's jobs by state (its page, cancel, requeue of its failed
-- jobs, its running count), and plain jobs stay out of it.
ALTER TABLE jobs ADD COLUMN batch_id INTEGER;
CREATE INDEX ix_jobs_batch ON jobs (batch_id, state, id) WHERE batch_id IS NOT NULL;

-- A batch: its counts are kept by the transactions that finish its members (O(1) per member), never by a scan.
-- id comes from the jobs' sequence. state: a BatchState name. A nested batch is one member of parent_batch_id.
-- cancelled: Cancel was called, so the batch finishes Deleted.
CREATE TABLE batches (
    id              INTEGER PRIMARY KEY,
    description     TEXT,
    state           TEXT    NOT NULL,
    parent_batch_id INTEGER,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    cancelled       INTEGER NOT NULL DEFAULT 0,
    total           INTEGER NOT NULL DEFAULT 0,
    succeeded       INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_batches_parent ON batches (parent_batch_id, id) WHERE parent_batch_id IS NOT NULL;

INSERT INTO schema_version (version) VALUES (7);
