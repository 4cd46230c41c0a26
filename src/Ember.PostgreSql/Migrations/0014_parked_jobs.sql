-- Ember PostgreSQL schema, version 14: jobs parked by a full concurrency key. A job fetch_jobs finds over its key's
-- limit gets parked = true and stays Enqueued, out of the fetch's index, so a hot key's backlog is never walked again;
-- each run of the key that ends puts back the oldest parked job of the key in each queue, in the transaction that
-- ends it (jobs_updated), and every other transition sets parked = false (change_states). Jobs waiting when this runs
-- start unparked: the next fetch parks those over their limit.
-- Servers still on the previous version wait until this commits: the table lock is taken first (see version 3).
ALTER TABLE {schema}.jobs ADD COLUMN parked boolean NOT NULL DEFAULT false;

DO $$ BEGIN LOCK TABLE {schema}.jobs IN ACCESS EXCLUSIVE MODE; END $$;
CREATE INDEX ix_jobs_fetch ON {schema}.jobs (queue, created_at, id) WHERE state = 'Enqueued' AND NOT parked;
DROP INDEX {schema}.ix_jobs_enqueued;
ALTER INDEX {schema}.ix_jobs_fetch RENAME TO ix_jobs_enqueued;

-- Whether a queue has unparked keyed jobs waiting: without any, the fetch takes the oldest jobs with no key checks.
CREATE INDEX ix_jobs_concurrency_ready ON {schema}.jobs (queue, concurrency_key) WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL AND NOT parked;
DROP INDEX {schema}.ix_jobs_concurrency_enqueued;
ALTER INDEX {schema}.ix_jobs_concurrency_ready RENAME TO ix_jobs_concurrency_enqueued;

-- A key's parked jobs per queue, oldest first: the ones a run that ends puts back.
CREATE INDEX ix_jobs_parked ON {schema}.jobs (concurrency_key, queue, created_at, id) WHERE state = 'Enqueued' AND parked;

INSERT INTO {schema}.schema_version (version) VALUES (14);
