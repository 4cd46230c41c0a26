-- Statement-level trigger after UPDATE on jobs: counter deltas, entries into Succeeded and Failed per hour, wake-ups,
-- and the jobs parked by a concurrency key that an ended run of the key lets back into the fetch.
CREATE OR REPLACE FUNCTION {schema}.jobs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_ended record;
    v_keys text[];
    v_counts integer[];
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
    -- Runs of a keyed job that ended (left Processing) free slots of their keys: under the keys' locks (taken in one
    -- statement, in key order), as many of each key's parked jobs per queue go back to the fetch (their UPDATE fires
    -- this trigger, which wakes their queues), and the queue of each ended run is woken for its key's jobs not parked
    -- yet. The locks and the probe of ix_jobs_parked are one statement each for all the keys: a statement per key
    -- cost a completion of 180 runs of distinct keys 10 µs a run, measured. Only a statement that left a keyed job in
    -- another state than Processing gets here: never a fetch, a lease extension, or jobs without a key. Such a
    -- statement (a completion, a rescue, a change of state) moves every Processing job it touches out of Processing,
    -- so its old Processing rows are the ended runs without a join of old and new rows; were one to stay, its key
    -- would only put back a job the next fetch parks again.
    IF EXISTS (SELECT 1 FROM new_rows WHERE concurrency_key IS NOT NULL AND state <> 'Processing') THEN
        SELECT array_agg(e.key ORDER BY e.key COLLATE "C"), array_agg(e.n ORDER BY e.key COLLATE "C") INTO v_keys, v_counts
        FROM (SELECT o.concurrency_key AS key, count(*)::integer AS n FROM old_rows o
              WHERE o.state = 'Processing' AND o.concurrency_key IS NOT NULL
              GROUP BY o.concurrency_key) e;
        IF v_keys IS NOT NULL THEN
            PERFORM {schema}.lock_concurrency_key(k.key) FROM unnest(v_keys) AS k(key);
            FOR v_ended IN
                SELECT k.key, k.n FROM unnest(v_keys, v_counts) AS k(key, n)
                WHERE EXISTS (SELECT 1 FROM {schema}.jobs p WHERE p.state = 'Enqueued' AND p.parked AND p.concurrency_key = k.key)
            LOOP
                PERFORM {schema}.unpark_jobs(v_ended.key, v_ended.n);
            END LOOP;
            PERFORM pg_notify({schema}.work_channel(), q.queue)
            FROM (SELECT DISTINCT o.queue FROM old_rows o WHERE o.state = 'Processing' AND o.concurrency_key IS NOT NULL) q;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
