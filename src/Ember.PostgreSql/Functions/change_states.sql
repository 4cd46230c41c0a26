-- change_state for many jobs at once (IJobStore.ChangeStatesAsync): one UPDATE of every job still in an expected
-- state, their history in one INSERT, their continuations released together, and the statement-level triggers fire
-- once for the batch (counters, wake-ups). The rows are locked in id order first, so two batches that share jobs wait
-- for each other instead of deadlocking. Returns how many jobs changed.
CREATE OR REPLACE FUNCTION {schema}.change_states(p_ids bigint[], p_expected text[], p_change json, p_now timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    c record;
    changed bigint[];
    v_batches bigint[];
    v_from text[];
BEGIN
    SELECT * INTO c FROM json_to_record(p_change) AS t(
        state text, kind smallint, reason text, scheduled_at timestamptz, expire_at timestamptz, error_type text,
        error_message text, error_details text, server_id text, duration_ms double precision, continuations_expire_at timestamptz, result text);
    PERFORM 1 FROM {schema}.jobs WHERE id = ANY (p_ids) ORDER BY id FOR UPDATE;
    WITH updated AS (
        UPDATE {schema}.jobs j
        SET state = c.state, state_changed_at = p_now,
            scheduled_at = CASE WHEN c.state = 'Scheduled' THEN c.scheduled_at END,
            expire_at = c.expire_at,
            last_error_type = coalesce(c.error_type, j.last_error_type),
            last_error_message = CASE WHEN c.error_type IS NOT NULL THEN c.error_message ELSE j.last_error_message END,
            last_error_details = CASE WHEN c.error_type IS NOT NULL THEN c.error_details ELSE j.last_error_details END,
            server_id = CASE WHEN c.state = 'Processing' THEN c.server_id END,
            lease_token = NULL, lease_expires_at = NULL, result = coalesce(c.result, j.result),
            -- A job parked by its concurrency key (fetch_jobs) is parked only while it stays Enqueued.
            parked = false
        -- The rows are locked above, so this statement's read of them is their state before the change.
        FROM (SELECT id, state FROM {schema}.jobs WHERE id = ANY (p_ids)) o
        WHERE j.id = o.id AND j.state = ANY (p_expected)
        RETURNING j.id, o.state AS old_state, j.batch_id
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, kind, at, reason, server_id, error_type, error_message, error_details, duration_ms)
        SELECT id, c.state, c.kind, p_now, c.reason, c.server_id, c.error_type, c.error_message, c.error_details, c.duration_ms
        FROM updated ORDER BY id
    )
    SELECT array_agg(id ORDER BY id), array_agg(batch_id) FILTER (WHERE batch_id IS NOT NULL AND old_state <> c.state),
           array_agg(old_state) FILTER (WHERE batch_id IS NOT NULL AND old_state <> c.state)
    INTO changed, v_batches, v_from FROM updated;
    IF changed IS NULL THEN
        RETURN 0;
    END IF;
    IF c.state IN ('Succeeded', 'Failed', 'Deleted') THEN
        PERFORM {schema}.release_continuations(changed, array_fill(c.state, ARRAY[cardinality(changed)]),
            array_fill(c.continuations_expire_at, ARRAY[cardinality(changed)]), p_now);
    END IF;
    IF v_batches IS NOT NULL THEN
        PERFORM {schema}.count_members(v_batches, v_from, array_fill(c.state, ARRAY[cardinality(v_batches)]),
            array_fill(c.continuations_expire_at, ARRAY[cardinality(v_batches)]), p_now);
    END IF;
    RETURN cardinality(changed);
END
$$;
