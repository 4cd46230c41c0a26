-- Ember PostgreSQL schema, version 5: what a job reports about itself. The result of its last successful run, its
-- parameters (one jsonb object of JSON texts by name), the progress it last reported, and its log lines, deleted
-- with their job (delete_expired).
ALTER TABLE {schema}.jobs ADD COLUMN result text, ADD COLUMN parameters jsonb, ADD COLUMN progress integer;

CREATE TABLE {schema}.job_log (
    id     bigserial   PRIMARY KEY,
    job_id bigint      NOT NULL,
    at     timestamptz NOT NULL,
    text   text        NOT NULL
);
CREATE INDEX ix_job_log_job ON {schema}.job_log (job_id, id);

INSERT INTO {schema}.schema_version (version) VALUES (5);
