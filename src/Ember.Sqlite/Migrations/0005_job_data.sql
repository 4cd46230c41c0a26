-- Ember SQLite schema, version 5: what a job reports about itself. The result of its last successful run, its
-- parameters (one JSON object of JSON texts by name, merged with json_patch), the progress it last reported, and
-- its log lines, which go with their job through ON DELETE CASCADE.
ALTER TABLE jobs ADD COLUMN result TEXT;
ALTER TABLE jobs ADD COLUMN parameters TEXT;
ALTER TABLE jobs ADD COLUMN progress INTEGER;

CREATE TABLE job_log (
    id     INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at     INTEGER NOT NULL,
    text   TEXT    NOT NULL
);
CREATE INDEX ix_job_log_job ON job_log (job_id, id);

INSERT INTO schema_version (version) VALUES (5);
