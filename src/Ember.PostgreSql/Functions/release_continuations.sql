-- Counts finished parents down in their continuations (ContinuationRules), level by level down the chains. Each
-- parent's first finish counts once: its links stop waiting. A continuation still Awaiting is then deleted when one
-- of the parents counted now finished in a state its options don't name (expiring as that parent's p_expire says), or
-- released to Enqueued when no parent is left; the others count down and go on waiting. A continuation deleted here
-- finishes in turn, which is the next level. The options are matched by their stored name (Functions/releases.sql).
-- History kinds: 10 ParentSucceeded, 11 ParentFailed, 12 ParentDeleted (the deleting parent's, or the last one's).
CREATE OR REPLACE FUNCTION {schema}.release_continuations(p_ids bigint[], p_states text[], p_expire timestamptz[], p_now timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_children bigint[];
    v_parents bigint[];
    v_states text[];
    v_expire timestamptz[];
    v_batches bigint[];
    v_batch_states text[];
    v_batch_expire timestamptz[];
BEGIN
    LOOP
        WITH parents AS (
            SELECT * FROM unnest(p_ids, p_states, p_expire) AS p(id, state, expire_at)
        ), counted AS (
            UPDATE {schema}.job_parents l SET waiting = false
            FROM parents p
            WHERE l.parent_id = p.id AND l.waiting
            RETURNING l.child_id, l.parent_id, p.state, p.expire_at
        )
        SELECT array_agg(child_id), array_agg(parent_id), array_agg(state), array_agg(expire_at)
        INTO v_children, v_parents, v_states, v_expire
        FROM counted;
        EXIT WHEN v_children IS NULL;
        -- Locked before the countdown reads them, in a statement of its own: a sibling parent finishing in another
        -- transaction counts wholly before or after this one, and the next statement's snapshot sees its count.
        PERFORM 1 FROM {schema}.jobs WHERE id = ANY (v_children) AND state = 'Awaiting' ORDER BY id FOR UPDATE;
        WITH counted AS (
            SELECT * FROM unnest(v_children, v_parents, v_states, v_expire) AS k(child_id, parent_id, state, expire_at)
        ), children AS (
            SELECT c.id, c.pending_parents - count(*)::integer AS parents_left,
                   (array_agg(k.state ORDER BY k.parent_id) FILTER (WHERE NOT {schema}.releases(c.continuation_options, k.state)))[1] AS missed,
                   (array_agg(k.expire_at ORDER BY k.parent_id) FILTER (WHERE NOT {schema}.releases(c.continuation_options, k.state)))[1] AS expire_at,
                   (array_agg(k.state ORDER BY k.parent_id DESC))[1] AS last_state
            FROM counted k JOIN {schema}.jobs c ON c.id = k.child_id
            WHERE c.state = 'Awaiting'
            GROUP BY c.id, c.pending_parents, c.continuation_options
        ), waiting AS (
            UPDATE {schema}.jobs c SET pending_parents = w.parents_left
            FROM children w
            WHERE c.id = w.id AND w.missed IS NULL AND w.parents_left > 0
        ), released AS (
            UPDATE {schema}.jobs c
            SET state = CASE WHEN r.missed IS NULL THEN 'Enqueued' ELSE 'Deleted' END,
                pending_parents = r.parents_left, state_changed_at = p_now, scheduled_at = NULL,
                expire_at = CASE WHEN r.missed IS NULL THEN NULL ELSE r.expire_at END,
                server_id = NULL, lease_token = NULL, lease_expires_at = NULL
            FROM children r
            WHERE c.id = r.id AND (r.missed IS NOT NULL OR r.parents_left <= 0)
            RETURNING c.id, c.state, coalesce(r.missed, r.last_state) AS parent_state, r.expire_at, c.batch_id
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, kind, at)
            SELECT id, state, CASE parent_state WHEN 'Succeeded' THEN 10 WHEN 'Failed' THEN 11 ELSE 12 END, p_now
            FROM released ORDER BY id
        )
        SELECT array_agg(id ORDER BY id) FILTER (WHERE state = 'Deleted'), array_agg(expire_at ORDER BY id) FILTER (WHERE state = 'Deleted'),
               array_agg(batch_id) FILTER (WHERE batch_id IS NOT NULL), array_agg(state) FILTER (WHERE batch_id IS NOT NULL),
               array_agg(expire_at) FILTER (WHERE batch_id IS NOT NULL)
        INTO p_ids, p_expire, v_batches, v_batch_states, v_batch_expire
        FROM released;
        -- Released members of batches move their batches' counts (Functions/count_members.sql).
        IF v_batches IS NOT NULL THEN
            PERFORM {schema}.count_members(v_batches, array_fill('Awaiting'::text, ARRAY[cardinality(v_batches)]), v_batch_states, v_batch_expire, p_now);
        END IF;
        EXIT WHEN p_ids IS NULL;
        p_states := array_fill('Deleted'::text, ARRAY[cardinality(p_ids)]);
    END LOOP;
END
$$;
