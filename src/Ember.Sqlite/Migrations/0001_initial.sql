-- Ember SQLite schema, version 1.
-- Times are INTEGER unix milliseconds (UTC), written from the application's clock, never the database's.

CREATE TABLE schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AUTOINCREMENT: ids are never reused after expired jobs are deleted, so an id names one job forever.
CREATE TABLE jobs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    queue              TEXT    NOT NULL,
    state              TEXT    NOT NULL,
    invocation         TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    state_changed_at   INTEGER NOT NULL,
    scheduled_at       INTEGER,
    expire_at          INTEGER,
    attempt            INTEGER NOT NULL DEFAULT 0,
    last_error_type    TEXT,
    last_error_message TEXT,
    last_error_details TEXT,
    server_id          TEXT,
    lease_token        TEXT,
    lease_expires_at   INTEGER
);

-- Partial indexes: fetching and maintenance only ever look at the few live jobs, never at the many finished ones.
CREATE INDEX ix_jobs_enqueued ON jobs (queue, id) WHERE state = 'Enqueued';
-- A Scheduled job without a time is due from when it was scheduled, hence the coalesce.
CREATE INDEX ix_jobs_scheduled ON jobs (coalesce(scheduled_at, state_changed_at), id) WHERE state = 'Scheduled';
CREATE INDEX ix_jobs_processing ON jobs (lease_expires_at) WHERE state = 'Processing';
CREATE INDEX ix_jobs_expire ON jobs (expire_at) WHERE expire_at IS NOT NULL;
-- Dashboard pages: jobs of one state, newest first.
CREATE INDEX ix_jobs_state ON jobs (state, id);

-- Every transition of a job, oldest first by id. Deleting a job deletes its history (foreign_keys is on).
CREATE TABLE job_history (
    id            INTEGER PRIMARY KEY,
    job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    state         TEXT    NOT NULL,
    at            INTEGER NOT NULL,
    reason        TEXT,
    server_id     TEXT,
    error_type    TEXT,
    error_message TEXT,
    error_details TEXT,
    duration_ms   REAL
);

CREATE INDEX ix_job_history_job ON job_history (job_id, id);

-- queues: a JSON array of queue names, in the server's priority order.
CREATE TABLE servers (
    server_id      TEXT    NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL,
    worker_count   INTEGER NOT NULL,
    queues         TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    last_heartbeat INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO schema_version (version) VALUES (1);
