-- Claims up to p_count Enqueued jobs, queues in the order given, oldest first within a queue (by (created_at, id):
-- an order only ix_jobs_enqueued has, so the planner walks that index whatever its statistics say). SKIP LOCKED:
-- servers fetching at once take different jobs instead of waiting for each other. History kind 2: Fetched. The
-- parameters come along, so that a run reads them without another round trip.
CREATE OR REPLACE FUNCTION {schema}.fetch_jobs(p_server_id text, p_queues text[], p_count integer, p_now timestamptz, p_lease_expires_at timestamptz)
RETURNS TABLE (r_id bigint, r_queue text, r_invocation text, r_attempt integer, r_lease_token text, r_created_at timestamptz, r_parameters jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    v_queue text;
    v_remaining integer := p_count;
    v_claimed integer;
BEGIN
    FOREACH v_queue IN ARRAY p_queues LOOP
        EXIT WHEN v_remaining <= 0;
        -- A paused queue (PauseQueue) is skipped by every server from the commit of its pause.
        CONTINUE WHEN EXISTS (SELECT 1 FROM {schema}.paused_queues p WHERE p.queue = v_queue);
        RETURN QUERY
        WITH picked AS MATERIALIZED (
            SELECT c.id FROM {schema}.jobs c
            WHERE c.state = 'Enqueued' AND c.queue = v_queue
            ORDER BY c.created_at, c.id LIMIT v_remaining
            FOR UPDATE SKIP LOCKED
        ), claimed AS (
            UPDATE {schema}.jobs j
            SET state = 'Processing', state_changed_at = p_now, scheduled_at = NULL, expire_at = NULL, attempt = j.attempt + 1,
                server_id = p_server_id, lease_token = gen_random_uuid()::text, lease_expires_at = p_lease_expires_at
            FROM picked WHERE j.id = picked.id
            RETURNING j.id, j.queue, j.invocation, j.attempt, j.lease_token, j.created_at, j.parameters
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, kind, at, server_id)
            SELECT claimed.id, 'Processing', 2, p_now, p_server_id FROM claimed ORDER BY claimed.id
        )
        SELECT * FROM claimed ORDER BY 1;
        GET DIAGNOSTICS v_claimed = ROW_COUNT;
        v_remaining := v_remaining - v_claimed;
    END LOOP;
END
$$;
