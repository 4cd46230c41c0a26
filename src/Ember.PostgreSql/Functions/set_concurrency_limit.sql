-- Sets (p_limit) or removes (NULL) the limit of a concurrency key at run time (IJobStore.SetConcurrencyLimitAsync),
-- under the key's lock (lock_concurrency_key): every job the key parked goes back to the fetch (the next fetch parks
-- again those still over the new limit), and the queues holding unparked keyed jobs are woken at commit, as a raised
-- limit may let them run.
CREATE OR REPLACE FUNCTION {schema}.set_concurrency_limit(p_key text, p_limit integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {schema}.lock_concurrency_key(p_key);
    IF p_limit IS NULL THEN
        DELETE FROM {schema}.concurrency_limits WHERE key = p_key;
    ELSE
        INSERT INTO {schema}.concurrency_limits (key, max_running) VALUES (p_key, p_limit)
        ON CONFLICT (key) DO UPDATE SET max_running = excluded.max_running;
    END IF;
    PERFORM {schema}.unpark_jobs(p_key, NULL);
    PERFORM pg_notify({schema}.work_channel(), q.queue)
    FROM (SELECT DISTINCT queue FROM {schema}.jobs WHERE state = 'Enqueued' AND concurrency_key IS NOT NULL AND NOT parked) q;
END
$$;
