-- Ember PostgreSQL schema, version 2: the dashboard's read side without scans of the jobs table.
-- Queue lengths, and the running totals and hourly counts of entries into Succeeded and Failed, come from counter
-- deltas appended by the statement-level triggers, as the counts by state already did: append-only, so no row is
-- updated by every transaction and servers never wait on each other (or deadlock) over a counter.

-- The counters are recounted from the rows below, so writers (servers still running the previous version) wait until
-- this migration commits; readers don't. Inside DO: a bare LOCK is refused outside a transaction block, as when a DBA
-- runs GetSchemaScript() statement by statement (then there is nothing to recount).
DO $$ BEGIN LOCK TABLE {schema}.jobs IN SHARE ROW EXCLUSIVE MODE; END $$;

-- Enqueued deltas carry their queue (NULL for every other state): the queue lengths are a sum over a few rows.
ALTER TABLE {schema}.state_counts ADD COLUMN queue text;
DELETE FROM {schema}.state_counts;
INSERT INTO {schema}.state_counts (state, queue, delta)
SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, count(*) FROM {schema}.jobs GROUP BY 1, 2;

-- Entries into Succeeded and Failed per UTC hour, as deltas appended by jobs_updated. compact_state_counts() folds
-- them into one row per hour and state; delete_expired() folds the hours past the retention (31 days) into the
-- '-infinity' row. The running totals are the sum of all rows, so they never decrease, and the table stays at most
-- 745 hours x 2 states rows plus the deltas of the last few seconds.
CREATE TABLE {schema}.finished_counts (
    hour  timestamptz NOT NULL,
    state text        NOT NULL,
    delta bigint      NOT NULL
);

-- The start of the UTC hour that holds a time, whatever the session's time zone.
CREATE FUNCTION {schema}.utc_hour(p_at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc('hour', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;

-- What happened before this version is known only for the jobs still stored: their history has every entry.
INSERT INTO {schema}.finished_counts (hour, state, delta)
SELECT {schema}.utc_hour(at), state, count(*) FROM {schema}.job_history WHERE state IN ('Succeeded', 'Failed') GROUP BY 1, 2;

-- Failure groups and the exception-type filter read only the Failed jobs, from the index alone. Partial: jobs that
-- never fail (the hot path) add no entry to it.
CREATE INDEX ix_jobs_failed_type ON {schema}.jobs (last_error_type, id) WHERE state = 'Failed';

CREATE OR REPLACE FUNCTION {schema}.jobs_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, count(*) FROM new_rows GROUP BY 1, 2;
    -- New jobs are Enqueued, Scheduled or Awaiting (NewJobRules): none enters Succeeded or Failed here.
    PERFORM pg_notify({schema}.work_channel(), queue) FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued') q;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION {schema}.jobs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, queue, sum(delta) FROM (
        SELECT state, CASE WHEN state = 'Enqueued' THEN queue END AS queue, 1 AS delta FROM new_rows
        UNION ALL
        SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, -1 FROM old_rows) d
    GROUP BY state, queue HAVING sum(delta) <> 0;
    -- Every UPDATE of jobs is a state transition that sets state_changed_at to its time, except the lease extension,
    -- which touches Processing jobs only: the updated rows now in Succeeded or Failed are the entries into them (as
    -- in the in-memory store, a compare-and-set from Failed to Failed counts once more). No join of old and new rows.
    INSERT INTO {schema}.finished_counts (hour, state, delta)
    SELECT {schema}.utc_hour(state_changed_at), state, count(*) FROM new_rows WHERE state IN ('Succeeded', 'Failed') GROUP BY 1, 2;
    PERFORM pg_notify({schema}.work_channel(), queue) FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued') q;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION {schema}.jobs_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, -count(*) FROM old_rows GROUP BY 1, 2;
    RETURN NULL;
END
$$;

-- Folds both delta tables. Rows appended meanwhile by other transactions are not in a statement's snapshot and stay
-- for the next fold; two folds at once delete each row once. Only the hours with more than one row per state are
-- rewritten (in practice the current one), not the month of folded hours every few seconds.
CREATE OR REPLACE FUNCTION {schema}.compact_state_counts() RETURNS void LANGUAGE sql AS $$
    WITH folded AS (DELETE FROM {schema}.state_counts RETURNING state, queue, delta)
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, queue, sum(delta) FROM folded GROUP BY state, queue HAVING sum(delta) <> 0;

    WITH folded AS (
        DELETE FROM {schema}.finished_counts
        WHERE hour IN (SELECT hour FROM {schema}.finished_counts GROUP BY hour, state HAVING count(*) > 1)
        RETURNING hour, state, delta)
    INSERT INTO {schema}.finished_counts (hour, state, delta)
    SELECT hour, state, sum(delta) FROM folded GROUP BY hour, state;
$$;

-- As in version 1, plus the retention of hourly counts: hours older than 31 days before the current hour fold into
-- the '-infinity' row, which keeps them in the running totals.
CREATE OR REPLACE FUNCTION {schema}.delete_expired(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id FROM {schema}.jobs
        WHERE expire_at IS NOT NULL AND expire_at <= p_now
        ORDER BY expire_at, id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), deleted AS (
        DELETE FROM {schema}.jobs j USING picked WHERE j.id = picked.id RETURNING j.id
    ), history AS (
        DELETE FROM {schema}.job_history h USING deleted WHERE h.job_id = deleted.id
    )
    SELECT count(*) INTO v_count FROM deleted;

    WITH old AS (
        DELETE FROM {schema}.finished_counts
        WHERE hour > '-infinity' AND hour < {schema}.utc_hour(p_now) - interval '31 days'
        RETURNING state, delta)
    INSERT INTO {schema}.finished_counts (hour, state, delta)
    SELECT '-infinity', state, sum(delta) FROM old GROUP BY state;

    PERFORM {schema}.compact_state_counts();
    RETURN v_count;
END
$$;

INSERT INTO {schema}.schema_version (version) VALUES (2);
