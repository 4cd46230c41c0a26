-- Releases the Awaiting continuations of finished parents (ContinuationRules), level by level down the chains: a
-- continuation deleted because its parent's outcome is not one its options name finishes in turn. Each level is one
-- UPDATE, under the row locks it takes, so a continuation changed meanwhile by someone else is skipped along with its
-- own children. The options are matched by their stored name: 'OnAnyFinishedState', or names that contain
-- 'OnlyOn<state>State'. History kinds: 10 ParentSucceeded, 11 ParentFailed, 12 ParentDeleted.
CREATE OR REPLACE FUNCTION {schema}.release_continuations(p_ids bigint[], p_states text[], p_expire timestamptz[], p_now timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        WITH parents AS (
            SELECT * FROM unnest(p_ids, p_states, p_expire) AS p(id, state, expire_at)
        ), released AS (
            UPDATE {schema}.jobs c
            SET state = CASE WHEN {schema}.releases(c.continuation_options, p.state) THEN 'Enqueued' ELSE 'Deleted' END,
                state_changed_at = p_now, scheduled_at = NULL,
                expire_at = CASE WHEN {schema}.releases(c.continuation_options, p.state) THEN NULL ELSE p.expire_at END,
                server_id = NULL, lease_token = NULL, lease_expires_at = NULL
            FROM parents p
            WHERE c.parent_id = p.id AND c.state = 'Awaiting'
            RETURNING c.id, c.state, p.state AS parent_state, p.expire_at
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, kind, at)
            SELECT id, state, CASE parent_state WHEN 'Succeeded' THEN 10 WHEN 'Failed' THEN 11 ELSE 12 END, p_now
            FROM released ORDER BY id
        )
        SELECT array_agg(id ORDER BY id), array_agg(expire_at ORDER BY id) INTO p_ids, p_expire
        FROM released WHERE state = 'Deleted';
        EXIT WHEN p_ids IS NULL;
        p_states := array_fill('Deleted'::text, ARRAY[cardinality(p_ids)]);
    END LOOP;
END
$$;
