-- Statement-level trigger (with a transition table) after INSERT on jobs: one counter delta per state and queue and
-- one NOTIFY per queue whatever the number of rows; every path is covered, including jobs created in an
-- application's own transaction. PostgreSQL delivers a transaction's identical notifications once, at commit.
CREATE OR REPLACE FUNCTION {schema}.jobs_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, CASE WHEN state = 'Enqueued' THEN queue END, count(*) FROM new_rows GROUP BY 1, 2;
    -- New jobs are Enqueued, Scheduled or Awaiting (NewJobRules): none enters Succeeded or Failed here.
    PERFORM pg_notify({schema}.work_channel(), queue) FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued') q;
    RETURN NULL;
END
$$;
