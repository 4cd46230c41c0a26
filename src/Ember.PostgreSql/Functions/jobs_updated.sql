-- Statement-level trigger after UPDATE on jobs: counter deltas, entries into Succeeded and Failed per hour, wake-ups.
CREATE OR REPLACE FUNCTION {schema}.jobs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, queue, sum(delta) FROM (
        SELECT state, CASE WHEN state = 'Enqueued' THEN queue END AS queue, 1 AS delta FROM new_rows
        UNION ALL
        SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, -1 FROM old_rows) d
    GROUP BY state, queue HAVING sum(delta) <> 0;
    -- Every UPDATE of jobs is a state transition that sets state_changed_at to its time, except the lease extension,
    -- which touches Processing jobs only: the updated rows now in Succeeded or Failed are the entries into them (as
    -- in the in-memory store, a compare-and-set from Failed to Failed counts once more). No join of old and new rows.
    INSERT INTO {schema}.finished_counts (hour, state, delta)
    SELECT {schema}.utc_hour(state_changed_at), state, count(*) FROM new_rows WHERE state IN ('Succeeded', 'Failed') GROUP BY 1, 2;
    -- A keyed job that is now anything but Processing may have ended a run and freed a slot of its key: its queue is
    -- woken for the jobs waiting for the key. Without joining old and new rows this wakes a little more than needed
    -- (a keyed job deleted while waiting), which costs an empty fetch, never a missed one.
    PERFORM pg_notify({schema}.work_channel(), queue)
    FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued' OR (state <> 'Processing' AND concurrency_key IS NOT NULL)) q;
    RETURN NULL;
END
$$;
