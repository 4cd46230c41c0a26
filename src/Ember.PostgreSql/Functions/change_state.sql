-- Compare-and-set of one job's state. p_change is one JSON object named as JobChangeJson writes it. Leaving
-- Processing drops the lease (and its token: the run's outcome can no longer be written).
CREATE OR REPLACE FUNCTION {schema}.change_state(p_id bigint, p_expected text[], p_change json, p_now timestamptz)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    SELECT * INTO c FROM json_to_record(p_change) AS t(
        state text, kind smallint, reason text, scheduled_at timestamptz, expire_at timestamptz, error_type text,
        error_message text, error_details text, server_id text, duration_ms double precision, continuations_expire_at timestamptz, result text);
    UPDATE {schema}.jobs
    SET state = c.state, state_changed_at = p_now,
        scheduled_at = CASE WHEN c.state = 'Scheduled' THEN c.scheduled_at END,
        expire_at = c.expire_at,
        last_error_type = coalesce(c.error_type, last_error_type),
        last_error_message = CASE WHEN c.error_type IS NOT NULL THEN c.error_message ELSE last_error_message END,
        last_error_details = CASE WHEN c.error_type IS NOT NULL THEN c.error_details ELSE last_error_details END,
        server_id = CASE WHEN c.state = 'Processing' THEN c.server_id END,
        lease_token = NULL, lease_expires_at = NULL, result = coalesce(c.result, result)
    WHERE id = p_id AND state = ANY (p_expected);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO {schema}.job_history (job_id, state, kind, at, reason, server_id, error_type, error_message, error_details, duration_ms)
    VALUES (p_id, c.state, c.kind, p_now, c.reason, c.server_id, c.error_type, c.error_message, c.error_details, c.duration_ms);
    IF c.state IN ('Succeeded', 'Failed', 'Deleted') THEN
        PERFORM {schema}.release_continuations(ARRAY[p_id], ARRAY[c.state], ARRAY[c.continuations_expire_at], p_now);
    END IF;
    RETURN true;
END
$$;
