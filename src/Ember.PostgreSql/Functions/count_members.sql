-- Keeps batches' counts on the write path (BatchRules): p_batches[i]'s member moved from p_from[i] (null: new, or a
-- nested batch) to p_to[i] (null: no move, only check whether the batch is done, as for an empty batch). Each batch's
-- row changes once per call, whatever the number of its members that moved: O(1) per member, never a scan. A batch
-- whose finished members reach its total finishes (Succeeded; Completed with failures; Deleted when cancelled), its
-- continuations are counted down with it as a parent (Completed counts as Failed), expiring as p_expire says, and a
-- nested batch is then one finished member of its parent, the next turn of the loop. Batch rows are locked in id
-- order first, so that transactions sharing batches wait for each other instead of deadlocking.
CREATE OR REPLACE FUNCTION {schema}.count_members(p_batches bigint[], p_from text[], p_to text[], p_expire timestamptz[], p_now timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
    v_states text[];
    v_expire timestamptz[];
    v_parents bigint[];
BEGIN
    LOOP
        PERFORM 1 FROM {schema}.batches WHERE id = ANY (p_batches) ORDER BY id FOR UPDATE;
        WITH moves AS (
            SELECT m.batch_id,
                   sum((m.to_state IS NOT DISTINCT FROM 'Succeeded')::integer - (m.from_state IS NOT DISTINCT FROM 'Succeeded')::integer) AS succeeded,
                   sum((m.to_state IS NOT DISTINCT FROM 'Failed')::integer - (m.from_state IS NOT DISTINCT FROM 'Failed')::integer) AS failed,
                   sum((m.to_state IS NOT DISTINCT FROM 'Deleted')::integer - (m.from_state IS NOT DISTINCT FROM 'Deleted')::integer) AS deleted
            FROM unnest(p_batches, p_from, p_to) AS m(batch_id, from_state, to_state)
            WHERE m.batch_id IS NOT NULL
            GROUP BY m.batch_id
        )
        UPDATE {schema}.batches b
        SET succeeded = b.succeeded + m.succeeded, failed = b.failed + m.failed, deleted = b.deleted + m.deleted
        FROM moves m
        WHERE b.id = m.batch_id AND (m.succeeded <> 0 OR m.failed <> 0 OR m.deleted <> 0);

        -- A statement of its own: it sees the counts just written.
        WITH finished AS (
            UPDATE {schema}.batches b
            SET state = CASE WHEN b.cancelled THEN 'Deleted' WHEN b.failed + b.deleted = 0 THEN 'Succeeded' ELSE 'Completed' END,
                finished_at = p_now
            WHERE b.id = ANY (p_batches) AND b.state = 'Started' AND b.succeeded + b.failed + b.deleted >= b.total
            RETURNING b.id, b.state, b.parent_batch_id
        )
        SELECT array_agg(f.id ORDER BY f.id),
               array_agg(CASE f.state WHEN 'Succeeded' THEN 'Succeeded' WHEN 'Completed' THEN 'Failed' ELSE 'Deleted' END ORDER BY f.id),
               array_agg((SELECT max(m.expire_at) FROM unnest(p_batches, p_expire) AS m(batch_id, expire_at) WHERE m.batch_id = f.id) ORDER BY f.id),
               array_agg(f.parent_batch_id ORDER BY f.id)
        INTO v_ids, v_states, v_expire, v_parents
        FROM finished f;
        EXIT WHEN v_ids IS NULL;

        IF EXISTS (SELECT 1 FROM {schema}.job_parents WHERE parent_id = ANY (v_ids) AND waiting) THEN
            PERFORM {schema}.release_continuations(v_ids, v_states, v_expire, p_now);
        END IF;
        p_batches := v_parents;
        p_from := array_fill(NULL::text, ARRAY[cardinality(v_ids)]);
        p_to := v_states;
        p_expire := v_expire;
    END LOOP;
END
$$;
