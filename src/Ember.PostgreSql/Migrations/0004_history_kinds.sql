-- Ember PostgreSQL schema, version 4: every history entry records why it was written as a number
-- (Ember.Storage.HistoryKind), so the core reads rescues and requeues by kind instead of parsing reason texts and the
-- functions write no texts of their own. From this version on, the functions live in Functions/ (one file each) and
-- are re-applied with CREATE OR REPLACE after every migration; migrations hold the DDL and data changes only.
ALTER TABLE {schema}.job_history ADD COLUMN kind smallint NOT NULL DEFAULT 0;

-- Entries written before this version get the kind their reason text meant (the texts of Ember's earlier versions).
-- They keep their reasons, which the dashboard still shows. Rescued (8) and RequeuedByUser (13) must be exact: they
-- decide how many of a job's runs count against its retries.
UPDATE {schema}.job_history SET kind = CASE
    WHEN state = 'Processing' THEN 2
    WHEN reason LIKE 'Rescued:%' THEN 8
    WHEN reason = 'Requeued by user' THEN 13
    WHEN reason = 'Deleted by user' THEN 14
    WHEN reason LIKE 'Handed back%' THEN 7
    WHEN reason = 'Scheduled time reached' THEN 9
    WHEN reason LIKE 'Parent job % Succeeded%' THEN 10
    WHEN reason LIKE 'Parent job % Failed%' THEN 11
    WHEN reason LIKE 'Parent job % Deleted%' THEN 12
    WHEN state = 'Succeeded' AND (reason IS NULL OR reason LIKE 'Succeeded on %') THEN 3
    WHEN state = 'Scheduled' AND reason LIKE 'Retry %' THEN 4
    WHEN reason LIKE 'Retries exhausted%' OR reason LIKE 'Not retried on %' OR reason LIKE 'Could not load the job%' THEN 5
    WHEN reason LIKE 'Interrupted % times%' THEN 6
    WHEN state IN ('Enqueued', 'Scheduled', 'Awaiting')
         AND (reason IS NULL OR reason LIKE 'Scheduled for %' OR reason LIKE 'Continuation of job %' OR reason LIKE 'Recurring job %') THEN 1
    ELSE 0 END;

-- The functions whose parameters became one JSON layout (Functions/*.sql define them anew). Servers of an earlier
-- version still running against this schema fail their calls from here on: stop them before starting this version.
DROP FUNCTION {schema}.create_jobs(text[], text[], text[], timestamptz[], text[], bigint[], text[], timestamptz[], timestamptz);
DROP FUNCTION {schema}.complete_jobs(bigint[], text[], text[], text[], timestamptz[], timestamptz[], boolean[], text[], text[], text[],
    text[], double precision[], timestamptz[], timestamptz);
DROP FUNCTION {schema}.change_state(bigint, text[], text, text, timestamptz, timestamptz, boolean, text, text, text, text,
    double precision, timestamptz, timestamptz);
DROP FUNCTION {schema}.fire_recurring(text, timestamptz, timestamptz, timestamptz, text[], text[], text[], timestamptz[], text[],
    bigint[], text[], timestamptz[], timestamptz);

INSERT INTO {schema}.schema_version (version) VALUES (4);
