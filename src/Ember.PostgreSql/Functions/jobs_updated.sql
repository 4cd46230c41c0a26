-- Statement-level trigger after UPDATE on jobs: counter deltas, entries into Succeeded and Failed per hour, wake-ups,
-- and the jobs parked by a concurrency key that an ended run of the key lets back into the fetch.
CREATE OR REPLACE FUNCTION {schema}.jobs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_ended record;
    v_queues text[] := '{}';
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, queue, sum(delta) FROM (
        SELECT state, CASE WHEN state = 'Enqueued' THEN queue END AS queue, 1 AS delta FROM new_rows
        UNION ALL
        SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, -1 FROM old_rows) d
    GROUP BY state, queue HAVING sum(delta) <> 0;
    -- Every UPDATE of jobs is a state transition that sets state_changed_at to its time, except the lease extension,
    -- which touches Processing jobs only, and parking, which touches Enqueued jobs only: the updated rows now in
    -- Succeeded or Failed are the entries into them (as in the in-memory store, a compare-and-set from Failed to
    -- Failed counts once more). No join of old and new rows.
    INSERT INTO {schema}.finished_counts (hour, state, delta)
    SELECT {schema}.utc_hour(state_changed_at), state, count(*) FROM new_rows WHERE state IN ('Succeeded', 'Failed') GROUP BY 1, 2;
    -- Jobs a fetch can take wake their queue; a parked one waits for its key, so parking wakes no one.
    PERFORM pg_notify({schema}.work_channel(), queue) FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued' AND NOT parked) q;
    -- Runs of a keyed job that ended (left Processing) free slots of their keys: per key, under its lock, as many of
    -- its parked jobs per queue go back to the fetch (their UPDATE fires this trigger, which wakes their queues), and
    -- the queue of each ended run is woken for its key's jobs not parked yet. Old and new rows are joined only when
    -- the statement left a keyed job in another state than Processing: never for a fetch, a lease extension, or jobs
    -- without a key.
    IF EXISTS (SELECT 1 FROM new_rows WHERE concurrency_key IS NOT NULL AND state <> 'Processing') THEN
        FOR v_ended IN
            SELECT o.concurrency_key AS key, count(*)::integer AS n, array_agg(DISTINCT o.queue) AS queues
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE o.state = 'Processing' AND n.state <> 'Processing' AND o.concurrency_key IS NOT NULL
            GROUP BY o.concurrency_key ORDER BY o.concurrency_key COLLATE "C"
        LOOP
            PERFORM {schema}.lock_concurrency_key(v_ended.key);
            -- One probe of ix_jobs_parked first: most ended runs' keys have nothing parked.
            IF EXISTS (SELECT 1 FROM {schema}.jobs p WHERE p.state = 'Enqueued' AND p.parked AND p.concurrency_key = v_ended.key) THEN
                PERFORM {schema}.unpark_jobs(v_ended.key, v_ended.n);
            END IF;
            v_queues := v_queues || v_ended.queues;
        END LOOP;
        PERFORM pg_notify({schema}.work_channel(), q.queue) FROM (SELECT DISTINCT unnest(v_queues) AS queue) q;
    END IF;
    RETURN NULL;
END
$$;
