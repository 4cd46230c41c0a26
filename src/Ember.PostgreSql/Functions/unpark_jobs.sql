-- Puts back into the fetch the oldest p_per_queue jobs parked by key p_key in each queue where it has some (NULL: all
-- of them), oldest by (created_at, id) as the fetch orders them. The caller holds the key's lock
-- (lock_concurrency_key). The queues are found one index seek each in ix_jobs_parked (a loose index scan), however
-- many jobs wait. SKIP LOCKED: a parked job another transaction is changing (deleting, say) is left to it, so this
-- never waits for a row while holding the key's lock. The UPDATE's trigger (jobs_updated) wakes their queues.
CREATE OR REPLACE FUNCTION {schema}.unpark_jobs(p_key text, p_per_queue integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH RECURSIVE queues (queue) AS (
        SELECT (SELECT min(p.queue) FROM {schema}.jobs p WHERE p.state = 'Enqueued' AND p.parked AND p.concurrency_key = p_key)
        UNION ALL
        SELECT (SELECT min(p.queue) FROM {schema}.jobs p WHERE p.state = 'Enqueued' AND p.parked AND p.concurrency_key = p_key AND p.queue > q.queue)
        FROM queues q WHERE q.queue IS NOT NULL
    ), released AS (
        SELECT r.id FROM queues q
        CROSS JOIN LATERAL (
            SELECT p.id FROM {schema}.jobs p
            WHERE p.state = 'Enqueued' AND p.parked AND p.concurrency_key = p_key AND p.queue = q.queue
            ORDER BY p.created_at, p.id LIMIT p_per_queue
            FOR UPDATE SKIP LOCKED) r
        WHERE q.queue IS NOT NULL
    )
    UPDATE {schema}.jobs j SET parked = false FROM released WHERE j.id = released.id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
