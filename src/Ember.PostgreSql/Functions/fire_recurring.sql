-- Fires a recurring job if its next_run_at is still the expected one, creating p_jobs (as create_jobs does). FOR
-- UPDATE on the recurring row: a second server racing for the same occurrence waits, then finds next_run_at moved
-- and fires nothing (returns NULL).
CREATE OR REPLACE FUNCTION {schema}.fire_recurring(
    p_id text, p_expected timestamptz, p_next_run_at timestamptz, p_run_at timestamptz, p_jobs json, p_now timestamptz)
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
BEGIN
    PERFORM 1 FROM {schema}.recurring_jobs WHERE id = p_id AND next_run_at IS NOT DISTINCT FROM p_expected FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    v_ids := {schema}.create_jobs(p_jobs, p_now);
    UPDATE {schema}.recurring_jobs
    SET next_run_at = p_next_run_at, last_run_at = p_run_at,
        last_job_id = coalesce(v_ids[cardinality(v_ids)]::text, last_job_id), error = NULL
    WHERE id = p_id;
    RETURN coalesce(v_ids, '{}');
END
$$;
