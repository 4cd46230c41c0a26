-- Ember SQLite schema, version 11: jobs parked by a full concurrency key. A job the fetch finds over its key's limit
-- gets parked = 1 and stays Enqueued; the fetch's index seeks parked = 0 only, so a hot key's backlog is never walked
-- again. Each run of the key that ends puts back (parked = 0) the oldest parked job of the key in each queue, in its
-- own transaction (JobTransitions); every other transition sets parked = 0. Jobs waiting when this runs start
-- unparked: the next fetch parks those over their limit.
ALTER TABLE jobs ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;

-- The fetch order (id) under (queue, parked): a seek to parked = 0 skips the parked jobs of the queue.
DROP INDEX ix_jobs_enqueued;
CREATE INDEX ix_jobs_enqueued ON jobs (queue, parked, id) WHERE state = 'Enqueued';

-- Whether a queue has unparked keyed jobs waiting: without any, the fetch takes the oldest jobs with no key checks.
DROP INDEX ix_jobs_concurrency_enqueued;
CREATE INDEX ix_jobs_concurrency_enqueued ON jobs (queue, parked, concurrency_key) WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL;

-- A key's parked jobs per queue, oldest first: the ones a run that ends puts back.
CREATE INDEX ix_jobs_parked ON jobs (concurrency_key, queue, id) WHERE state = 'Enqueued' AND parked = 1;

INSERT INTO schema_version (version) VALUES (11);
