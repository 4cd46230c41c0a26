-- Processing jobs whose lease ran out go back to their queue (history kind 8, Rescued, naming the server that held
-- them). SKIP LOCKED: rescuers on several servers split the work and never move a job twice; a job being completed
-- right now is left to its completion.
CREATE OR REPLACE FUNCTION {schema}.rescue_expired(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id, server_id FROM {schema}.jobs
        WHERE state = 'Processing' AND lease_expires_at <= p_now
        ORDER BY id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), rescued AS (
        UPDATE {schema}.jobs j
        SET state = 'Enqueued', state_changed_at = p_now, scheduled_at = NULL, expire_at = NULL,
            server_id = NULL, lease_token = NULL, lease_expires_at = NULL
        FROM picked WHERE j.id = picked.id
        RETURNING j.id, picked.server_id
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, kind, at, server_id)
        SELECT id, 'Enqueued', 8, p_now, server_id FROM rescued ORDER BY id
    )
    SELECT count(*) INTO v_count FROM rescued;
    -- Housekeeping that every server runs often: keeps the counter deltas few, so counts stay one small scan.
    PERFORM {schema}.compact_state_counts();
    RETURN v_count;
END
$$;
