-- Due Scheduled jobs move to Enqueued (history kind 9, Due). FOR UPDATE SKIP LOCKED plus the state condition: each
-- job moves once however many servers run this at the same moment.
CREATE OR REPLACE FUNCTION {schema}.enqueue_due(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id FROM {schema}.jobs
        WHERE state = 'Scheduled' AND coalesce(scheduled_at, state_changed_at) <= p_now
        ORDER BY coalesce(scheduled_at, state_changed_at), id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), due AS (
        UPDATE {schema}.jobs j
        SET state = 'Enqueued', state_changed_at = p_now, scheduled_at = NULL, expire_at = NULL,
            server_id = NULL, lease_token = NULL, lease_expires_at = NULL
        FROM picked WHERE j.id = picked.id
        RETURNING j.id
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, kind, at)
        SELECT id, 'Enqueued', 9, p_now FROM due ORDER BY id
    )
    SELECT count(*) INTO v_count FROM due;
    RETURN v_count;
END
$$;
