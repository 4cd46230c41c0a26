-- Statement-level trigger after DELETE on jobs: the counter deltas of the pruned jobs.
CREATE OR REPLACE FUNCTION {schema}.jobs_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, -count(*) FROM old_rows GROUP BY 1, 2;
    RETURN NULL;
END
$$;
