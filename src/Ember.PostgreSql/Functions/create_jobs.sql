-- Stores new jobs in order with their first history entry (kind 1, Created). p_jobs is a JSON array of objects named
-- as NewJobJson writes them (the one layout of this boundary); a continuation lists its parents in parent_ids (the
-- first is also parent_id). Parents are locked FOR SHARE before their state is read: a parent finishing concurrently
-- either commits first (and is seen finished here, so it is counted now) or waits for this transaction (and then
-- counts the new continuation down when it releases its own).
-- A parent may be a batch (ids come from one sequence): a Started one counts as not finished, a finished one by its
-- outcome (Completed as Failed). Jobs name their batch by its position in p_batch_ids (create_batch), or none.
-- A missing parent raises SQLSTATE EM404 with the parent id as message; nothing is stored.
-- p_ids: the jobs' reserved ids (NewJob.Id, create_batch only), else drawn here. A parent among p_ids or p_batch_ids is
-- a member of the same call: it has not finished when its continuations are linked (waiting on it), and a member
-- deleted at its creation counts its continuations down below, so each is counted once, whatever the order.
CREATE OR REPLACE FUNCTION {schema}.create_jobs(p_jobs json, p_now timestamptz, p_batch_ids bigint[] DEFAULT NULL, p_ids bigint[] DEFAULT NULL)
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_queues text[];
    v_states text[];
    v_invocations text[];
    v_scheduled_at timestamptz[];
    v_reasons text[];
    v_parent_ids bigint[];
    v_options text[];
    v_expire_if_deleted timestamptz[];
    v_parameters text[];
    v_keys text[];
    v_limits integer[];
    v_ids bigint[];
    v_missing bigint;
    v_has_parents boolean;
    v_link_ords bigint[];
    v_link_positions bigint[];
    v_link_parents bigint[];
    v_link_finished boolean[];
    v_link_states text[];
    v_pending integer[];
    v_batches bigint[];
    v_released_batches bigint[];
    v_released_states text[];
    v_released_expire timestamptz[];
    v_deleted bigint[];
    v_deleted_expire timestamptz[];
BEGIN
    SELECT array_agg(t.queue ORDER BY t.ord), array_agg(t.state ORDER BY t.ord), array_agg(t.invocation ORDER BY t.ord),
           array_agg(t.scheduled_at ORDER BY t.ord), array_agg(t.reason ORDER BY t.ord), array_agg(t.parent_id ORDER BY t.ord),
           array_agg(t.continuation_options ORDER BY t.ord), array_agg(t.expire_if_deleted ORDER BY t.ord),
           array_agg(t.parameters ORDER BY t.ord), bool_or(t.parent_id IS NOT NULL), array_agg(p_batch_ids[t.batch + 1] ORDER BY t.ord),
           array_agg(t.concurrency_key ORDER BY t.ord), array_agg(t.concurrency_limit ORDER BY t.ord)
    INTO v_queues, v_states, v_invocations, v_scheduled_at, v_reasons, v_parent_ids, v_options, v_expire_if_deleted, v_parameters, v_has_parents, v_batches,
         v_keys, v_limits
    FROM ROWS FROM (json_to_recordset(p_jobs) AS (queue text, state text, invocation text, scheduled_at timestamptz, reason text,
                    parent_id bigint, continuation_options text, expire_if_deleted timestamptz, parameters text, batch integer,
                    concurrency_key text, concurrency_limit integer))
         WITH ORDINALITY AS t(queue, state, invocation, scheduled_at, reason, parent_id, continuation_options, expire_if_deleted, parameters, batch,
                              concurrency_key, concurrency_limit, ord);
    IF v_queues IS NULL THEN
        RETURN '{}';
    END IF;

    IF v_has_parents THEN
        -- Every (job, position, parent) of the batch: a second pass over the input, for continuations only.
        SELECT array_agg(t.ord ORDER BY t.ord, p.pos), array_agg(p.pos ORDER BY t.ord, p.pos), array_agg(p.parent ORDER BY t.ord, p.pos)
        INTO v_link_ords, v_link_positions, v_link_parents
        FROM ROWS FROM (json_to_recordset(p_jobs) AS (parent_ids bigint[])) WITH ORDINALITY AS t(parent_ids, ord),
             unnest(t.parent_ids) WITH ORDINALITY AS p(parent, pos);
        PERFORM 1 FROM {schema}.jobs WHERE id = ANY (v_link_parents) ORDER BY id FOR SHARE;
        PERFORM 1 FROM {schema}.batches WHERE id = ANY (v_link_parents) ORDER BY id FOR SHARE;
        SELECT t.parent INTO v_missing
        FROM unnest(v_link_parents) WITH ORDINALITY AS t(parent, ord)
        LEFT JOIN (SELECT unnest(p_ids) UNION SELECT unnest(p_batch_ids)) AS m(id) ON m.id = t.parent
        WHERE m.id IS NULL
          AND NOT EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.id = t.parent) AND NOT EXISTS (SELECT 1 FROM {schema}.batches b WHERE b.id = t.parent)
        ORDER BY t.ord LIMIT 1;
        IF v_missing IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'EM404', MESSAGE = v_missing::text;
        END IF;
        SELECT array_agg(p.state IN ('Succeeded', 'Failed', 'Deleted') ORDER BY t.i), array_agg(p.state ORDER BY t.i)
        INTO v_link_finished, v_link_states
        FROM unnest(v_link_parents) WITH ORDINALITY AS t(parent, i)
        CROSS JOIN LATERAL (
            SELECT coalesce((SELECT j.state FROM {schema}.jobs j WHERE j.id = t.parent),
                            (SELECT CASE b.state WHEN 'Started' THEN 'Awaiting' WHEN 'Completed' THEN 'Failed' ELSE b.state END
                             FROM {schema}.batches b WHERE b.id = t.parent),
                            'Awaiting') AS state) p;
        -- The countdown each continuation starts from: its parents that have not finished (null for other jobs).
        v_pending := ARRAY(
            SELECT c.n FROM generate_series(1, cardinality(v_queues)) AS g(ord)
            LEFT JOIN (SELECT l.ord, count(*) FILTER (WHERE NOT l.finished)::integer AS n
                       FROM unnest(v_link_ords, v_link_finished) AS l(ord, finished) GROUP BY l.ord) c ON c.ord = g.ord
            ORDER BY g.ord);
    END IF;

    -- Ids drawn in batch order before the insert, so they increase in creation order whatever the plan.
    v_ids := coalesce(p_ids, ARRAY(SELECT nextval('{schema}.jobs_id_seq') FROM generate_series(1, cardinality(v_queues))));

    -- Every column comes from one pass over the input: reading p_jobs by position (p_jobs -> i) would parse the JSON
    -- text from its start for each job, quadratic in the batch (1,000 jobs with culture parameters: 50 times slower).
    INSERT INTO {schema}.jobs (id, queue, state, invocation, created_at, state_changed_at, scheduled_at, attempt, parent_id, continuation_options, parameters, pending_parents, batch_id,
                               concurrency_key, concurrency_limit)
    SELECT v_ids[t.ord], t.queue, t.state, t.invocation, p_now, p_now,
           CASE WHEN t.state = 'Scheduled' THEN t.scheduled_at END, 0, t.parent, coalesce(t.options, 'OnlyOnSucceededState'),
           t.parameters::jsonb,
           v_pending[t.ord], v_batches[t.ord], v_keys[t.ord], v_limits[t.ord]
    FROM unnest(v_queues, v_states, v_invocations, v_scheduled_at, v_parent_ids, v_options, v_parameters)
         WITH ORDINALITY AS t(queue, state, invocation, scheduled_at, parent, options, parameters, ord)
    ORDER BY t.ord;

    INSERT INTO {schema}.job_history (job_id, state, kind, at, reason)
    SELECT v_ids[t.ord], t.state, 1, p_now, t.reason
    FROM unnest(v_states, v_reasons) WITH ORDINALITY AS t(state, reason, ord)
    ORDER BY t.ord;

    IF v_has_parents THEN
        INSERT INTO {schema}.job_parents (parent_id, child_id, position, waiting)
        SELECT l.parent, v_ids[l.ord], l.pos - 1, NOT l.finished
        FROM unnest(v_link_ords, v_link_positions, v_link_parents, v_link_finished) AS l(ord, pos, parent, finished);
        -- Parents that have already finished count now, in the order given: the first whose state the options don't
        -- name deletes the continuation, and with none left the last releases it (release_continuations' rules). Only
        -- members of the same call (p_ids) can have continuations yet: those of one deleted here are counted down after.
        WITH counted AS (
            SELECT v_ids[l.ord] AS id, l.pos, l.state, o.options, o.expire_at
            FROM unnest(v_link_ords, v_link_positions, v_link_states, v_link_finished) AS l(ord, pos, state, finished)
            JOIN unnest(v_options, v_expire_if_deleted) WITH ORDINALITY AS o(options, expire_at, ord) ON o.ord = l.ord
            WHERE l.finished
        ), children AS (
            SELECT k.id, (array_agg(k.state ORDER BY k.pos) FILTER (WHERE NOT {schema}.releases(coalesce(k.options, 'OnlyOnSucceededState'), k.state)))[1] AS missed,
                   (array_agg(k.state ORDER BY k.pos DESC))[1] AS last_state, min(k.expire_at) AS expire_at
            FROM counted k GROUP BY k.id
        ), released AS (
            UPDATE {schema}.jobs c
            SET state = CASE WHEN r.missed IS NULL THEN 'Enqueued' ELSE 'Deleted' END,
                state_changed_at = p_now,
                expire_at = CASE WHEN r.missed IS NULL THEN NULL ELSE r.expire_at END
            FROM children r
            WHERE c.id = r.id AND (r.missed IS NOT NULL OR c.pending_parents = 0)
            RETURNING c.id, c.state, coalesce(r.missed, r.last_state) AS parent_state, c.batch_id, c.expire_at
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, kind, at)
            SELECT id, state, CASE parent_state WHEN 'Succeeded' THEN 10 WHEN 'Failed' THEN 11 ELSE 12 END, p_now
            FROM released ORDER BY id
        )
        SELECT array_agg(batch_id) FILTER (WHERE batch_id IS NOT NULL), array_agg(state) FILTER (WHERE batch_id IS NOT NULL),
               array_agg(expire_at) FILTER (WHERE batch_id IS NOT NULL),
               array_agg(id ORDER BY id) FILTER (WHERE state = 'Deleted' AND p_ids IS NOT NULL),
               array_agg(expire_at ORDER BY id) FILTER (WHERE state = 'Deleted' AND p_ids IS NOT NULL)
        INTO v_released_batches, v_released_states, v_released_expire, v_deleted, v_deleted_expire
        FROM released;
        -- Members of a batch released at once move its counts (Functions/count_members.sql).
        IF v_released_batches IS NOT NULL THEN
            PERFORM {schema}.count_members(v_released_batches, array_fill('Awaiting'::text, ARRAY[cardinality(v_released_batches)]),
                v_released_states, v_released_expire, p_now);
        END IF;
        IF v_deleted IS NOT NULL THEN
            PERFORM {schema}.release_continuations(v_deleted, array_fill('Deleted'::text, ARRAY[cardinality(v_deleted)]), v_deleted_expire, p_now);
        END IF;
    END IF;
    RETURN v_ids;
END
$$;
