-- Compare-and-set of one job's state: change_states (Functions/change_states.sql) for one id, so that both share one
-- definition of what a change writes. p_change is one JSON object named as JobChangeJson writes it. Leaving
-- Processing drops the lease (and its token: the run's outcome can no longer be written). plpgsql, not sql: its body
-- is resolved at the first call, after every function of Functions/ exists.
CREATE OR REPLACE FUNCTION {schema}.change_state(p_id bigint, p_expected text[], p_change json, p_now timestamptz)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RETURN {schema}.change_states(ARRAY[p_id], p_expected, p_change, p_now) = 1;
END
$$;
