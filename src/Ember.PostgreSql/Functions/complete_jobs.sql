-- Applies run outcomes, each only while its run still holds the lease (state Processing and the same token), then
-- releases the continuations of the jobs it finished. p_completions is a JSON array of objects named as
-- JobCompletionJson writes them. Returns one row per run whose outcome is now stored: r_applied when this call
-- applied it, false when the job had already left Processing under that token (an earlier write of the same outcome
-- landed: a completion keeps the run's token on the job, every other change clears it). Runs not returned lost their
-- lease. A run named twice applies its first outcome only.
CREATE OR REPLACE FUNCTION {schema}.complete_jobs(p_completions json, p_now timestamptz)
RETURNS TABLE (r_id bigint, r_token text, r_applied boolean) LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
    v_applied_ids bigint[];
    v_applied_tokens text[];
    v_ids bigint[];
    v_states text[];
    v_expire timestamptz[];
    v_batches bigint[];
    v_batch_states text[];
    v_batch_expire timestamptz[];
BEGIN
    WITH input AS (
        SELECT DISTINCT ON (t.id, t.token) t.*
        FROM ROWS FROM (json_to_recordset(p_completions) AS (
                 id bigint, token text, state text, kind smallint, reason text, scheduled_at timestamptz, expire_at timestamptz,
                 error_type text, error_message text, error_details text, server_id text, duration_ms double precision,
                 continuations_expire_at timestamptz, result text))
             WITH ORDINALITY AS t(id, token, state, kind, reason, scheduled_at, expire_at, error_type, error_message, error_details,
                                  server_id, duration_ms, continuations_expire_at, result, ord)
        ORDER BY t.id, t.token, t.ord
    ), locked AS (
        -- The rows are locked in id order before the update, as ExtendLeases locks them: two statements that lock
        -- overlapping rows in different orders deadlock (seen between this and a lease extension, each waiting 1 s for
        -- the deadlock check before one was rolled back).
        SELECT j.id FROM {schema}.jobs j JOIN input i ON j.id = i.id
        WHERE j.state = 'Processing' AND j.lease_token = i.token
        ORDER BY j.id
        FOR UPDATE OF j
    ), updated AS (
        UPDATE {schema}.jobs j
        SET state = i.state, state_changed_at = p_now,
            scheduled_at = CASE WHEN i.state = 'Scheduled' THEN i.scheduled_at END,
            expire_at = i.expire_at,
            last_error_type = coalesce(i.error_type, j.last_error_type),
            last_error_message = CASE WHEN i.error_type IS NOT NULL THEN i.error_message ELSE j.last_error_message END,
            last_error_details = CASE WHEN i.error_type IS NOT NULL THEN i.error_details ELSE j.last_error_details END,
            server_id = NULL, lease_expires_at = NULL, result = coalesce(i.result, j.result)
        FROM input i, locked l
        WHERE j.id = l.id AND j.id = i.id AND j.state = 'Processing' AND j.lease_token = i.token
        RETURNING j.id, j.lease_token, i.state, i.kind, i.reason, i.server_id, i.error_type, i.error_message, i.error_details,
                  i.duration_ms, i.continuations_expire_at, j.batch_id
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, kind, at, reason, server_id, error_type, error_message, error_details, duration_ms)
        SELECT id, state, kind, p_now, reason, server_id, error_type, error_message, error_details, duration_ms
        FROM updated ORDER BY id
    )
    SELECT count(*)::integer, array_agg(id), array_agg(lease_token),
           array_agg(id ORDER BY id) FILTER (WHERE state IN ('Succeeded', 'Failed', 'Deleted')),
           array_agg(state ORDER BY id) FILTER (WHERE state IN ('Succeeded', 'Failed', 'Deleted')),
           array_agg(continuations_expire_at ORDER BY id) FILTER (WHERE state IN ('Succeeded', 'Failed', 'Deleted')),
           array_agg(batch_id) FILTER (WHERE batch_id IS NOT NULL), array_agg(state) FILTER (WHERE batch_id IS NOT NULL),
           array_agg(continuations_expire_at) FILTER (WHERE batch_id IS NOT NULL)
    INTO v_count, v_applied_ids, v_applied_tokens, v_ids, v_states, v_expire, v_batches, v_batch_states, v_batch_expire
    FROM updated;
    -- Only parents have continuations: the index probe is skipped for the common batch of plain jobs.
    IF v_ids IS NOT NULL AND EXISTS (SELECT 1 FROM {schema}.job_parents WHERE parent_id = ANY (v_ids) AND waiting) THEN
        PERFORM {schema}.release_continuations(v_ids, v_states, v_expire, p_now);
    END IF;
    -- Members of batches move their batches' counts; plain jobs skip it.
    IF v_batches IS NOT NULL THEN
        PERFORM {schema}.count_members(v_batches, array_fill('Processing'::text, ARRAY[cardinality(v_batches)]), v_batch_states, v_batch_expire, p_now);
    END IF;
    RETURN QUERY SELECT t.id, t.token, true FROM unnest(v_applied_ids, v_applied_tokens) AS t(id, token);
    -- The rare rest: completions not applied, told apart by the token the job keeps.
    IF v_count < json_array_length(p_completions) THEN
        RETURN QUERY
        SELECT DISTINCT j.id, j.lease_token, false
        FROM json_to_recordset(p_completions) AS t(id bigint, token text)
        JOIN {schema}.jobs j ON j.id = t.id AND j.lease_token = t.token AND j.state <> 'Processing'
        WHERE NOT (t.id = ANY (coalesce(v_applied_ids, '{}')));
    END IF;
END
$$;
