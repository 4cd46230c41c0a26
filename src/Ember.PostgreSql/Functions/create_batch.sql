-- Creates a batch, its nested batches and all their jobs in one transaction (IJobStore.CreateBatchAsync). p_batches is
-- a JSON array of the batches depth first, each {description, parent (its parent's position in the array, null for
-- the first), total (its jobs plus nested batches)}; p_jobs the jobs as create_jobs takes them, each naming its batch by
-- position. With p_attach, the first entry stands for that batch, which must exist (else SQLSTATE EM405) and not have
-- finished (else EM409, its state as message): its total grows. Ids come from jobs_id_seq, so a batch is a parent
-- like a job. Batches without members finish at once. Returns the batch ids (by position), then the job ids.
-- Reserved ids (NewBatchRules.GivenIds), given for all or none: the jobs' in p_job_ids (not null then, maybe empty),
-- each batch's in its entry (id); an id beyond the sequence or already taken raises EM422 with it as message, before
-- anything is written. A batch created without members gets p_empty_expire_at (CreateBatchRequest.EmptyBatchExpireAt):
-- it has no job to be pruned with, so delete_expired prunes it then.
CREATE OR REPLACE FUNCTION {schema}.create_batch(p_batches json, p_jobs json, p_attach bigint, p_now timestamptz, p_job_ids bigint[] DEFAULT NULL,
    p_empty_expire_at timestamptz DEFAULT NULL)
RETURNS TABLE (r_batch_ids bigint[], r_job_ids bigint[]) LANGUAGE plpgsql AS $$
DECLARE
    v_count integer := json_array_length(p_batches);
    v_state text;
    v_ids bigint[];
    v_jobs bigint[];
    v_empty bigint[];
    v_given bigint[];
    v_taken bigint;
BEGIN
    IF p_job_ids IS NOT NULL THEN
        v_given := p_job_ids || ARRAY(SELECT (b ->> 'id')::bigint FROM json_array_elements(p_batches) AS b WHERE b ->> 'id' IS NOT NULL);
        SELECT g.id INTO v_taken FROM unnest(v_given) AS g(id)
        WHERE g.id > (SELECT last_value FROM {schema}.jobs_id_seq)
           OR EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.id = g.id) OR EXISTS (SELECT 1 FROM {schema}.batches b WHERE b.id = g.id)
        LIMIT 1;
        IF v_taken IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'EM422', MESSAGE = v_taken::text;
        END IF;
    END IF;
    IF p_attach IS NOT NULL THEN
        SELECT state INTO v_state FROM {schema}.batches WHERE id = p_attach FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'EM405', MESSAGE = p_attach::text;
        END IF;
        IF v_state <> 'Started' THEN
            RAISE EXCEPTION USING ERRCODE = 'EM409', MESSAGE = v_state;
        END IF;
        UPDATE {schema}.batches SET total = total + (p_batches -> 0 ->> 'total')::integer WHERE id = p_attach;
    END IF;
    IF v_given IS NOT NULL THEN
        v_ids := ARRAY(SELECT coalesce((t.b ->> 'id')::bigint, p_attach) FROM json_array_elements(p_batches) WITH ORDINALITY AS t(b, ord) ORDER BY t.ord);
    ELSIF p_attach IS NOT NULL THEN
        v_ids := ARRAY[p_attach] || ARRAY(SELECT nextval('{schema}.jobs_id_seq') FROM generate_series(2, v_count));
    ELSE
        v_ids := ARRAY(SELECT nextval('{schema}.jobs_id_seq') FROM generate_series(1, v_count));
    END IF;
    INSERT INTO {schema}.batches (id, description, state, parent_batch_id, created_at, total)
    SELECT v_ids[t.ord], t.description, 'Started', v_ids[t.parent + 1], p_now, t.total
    FROM ROWS FROM (json_to_recordset(p_batches) AS (description text, parent integer, total integer)) WITH ORDINALITY AS t(description, parent, total, ord)
    WHERE t.ord > 1 OR p_attach IS NULL
    ORDER BY t.ord;

    v_jobs := {schema}.create_jobs(p_jobs, p_now, v_ids, p_job_ids);

    v_empty := ARRAY(SELECT v_ids[t.ord] FROM ROWS FROM (json_to_recordset(p_batches) AS (total integer)) WITH ORDINALITY AS t(total, ord) WHERE t.total = 0);
    IF cardinality(v_empty) > 0 THEN
        PERFORM {schema}.count_members(v_empty, array_fill(NULL::text, ARRAY[cardinality(v_empty)]),
            array_fill(NULL::text, ARRAY[cardinality(v_empty)]), array_fill(NULL::timestamptz, ARRAY[cardinality(v_empty)]), p_now);
        IF p_empty_expire_at IS NOT NULL THEN
            UPDATE {schema}.batches SET expire_at = p_empty_expire_at WHERE id = ANY (v_empty) AND id IS DISTINCT FROM p_attach;
        END IF;
    END IF;
    RETURN QUERY SELECT v_ids, v_jobs;
END
$$;
