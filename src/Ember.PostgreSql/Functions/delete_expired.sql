-- Finished jobs past their expiry, with their history and log; then the finished batches left without jobs (or created
-- without members and past their own expiry) and
-- without nested batches (pruned before them), level by level up, each row locked first so that two pruners that
-- take a batch's last jobs at once still prune it (the second one sees the first one's jobs gone); and the retention of hourly counts: hours older than 31 days
-- before the current hour fold into the '-infinity' row, which keeps them in the running totals.
CREATE OR REPLACE FUNCTION {schema}.delete_expired(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
    v_batches bigint[];
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id FROM {schema}.jobs
        WHERE expire_at IS NOT NULL AND expire_at <= p_now
        ORDER BY expire_at, id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), deleted AS (
        DELETE FROM {schema}.jobs j USING picked WHERE j.id = picked.id RETURNING j.id, j.batch_id
    ), history AS (
        DELETE FROM {schema}.job_history h USING deleted WHERE h.job_id = deleted.id
    ), log AS (
        DELETE FROM {schema}.job_log l USING deleted WHERE l.job_id = deleted.id
    ), links AS (
        -- A pruned job's links to its continuations (theirs to it go by the cascade).
        DELETE FROM {schema}.job_parents p USING deleted WHERE p.parent_id = deleted.id
    )
    SELECT count(*), array_agg(DISTINCT batch_id) FILTER (WHERE batch_id IS NOT NULL) INTO v_count, v_batches FROM deleted;

    -- Batches created without members have no job to go with: they go at their own expiry (ix_batches_expire_at).
    v_batches := coalesce(v_batches, '{}') || ARRAY(
        SELECT id FROM {schema}.batches WHERE expire_at IS NOT NULL AND expire_at <= p_now ORDER BY expire_at, id LIMIT p_max);
    IF cardinality(v_batches) = 0 THEN
        v_batches := NULL;
    END IF;

    WHILE v_batches IS NOT NULL LOOP
        PERFORM 1 FROM {schema}.batches WHERE id = ANY (v_batches) ORDER BY id FOR UPDATE;
        WITH gone AS (
            DELETE FROM {schema}.batches b
            WHERE b.id = ANY (v_batches) AND b.state <> 'Started'
              AND NOT EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.batch_id = b.id)
              AND NOT EXISTS (SELECT 1 FROM {schema}.batches n WHERE n.parent_batch_id = b.id)
            RETURNING b.id, b.parent_batch_id
        ), links AS (
            DELETE FROM {schema}.job_parents p USING gone WHERE p.parent_id = gone.id
        )
        SELECT array_agg(DISTINCT parent_batch_id) FILTER (WHERE parent_batch_id IS NOT NULL) INTO v_batches FROM gone;
    END LOOP;

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
