-- Finished jobs past their expiry, with their history and log; and the retention of hourly counts: hours older than 31 days
-- before the current hour fold into the '-infinity' row, which keeps them in the running totals.
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
    ), log AS (
        DELETE FROM {schema}.job_log l USING deleted WHERE l.job_id = deleted.id
    ), links AS (
        -- A pruned job's links to its continuations (theirs to it go by the cascade).
        DELETE FROM {schema}.job_parents p USING deleted WHERE p.parent_id = deleted.id
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
