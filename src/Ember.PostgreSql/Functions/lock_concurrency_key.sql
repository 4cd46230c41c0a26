-- The lock of one concurrency key, held to commit, between what parks a key's jobs (fetch_jobs) and what frees its
-- slots or raises its limit and puts its parked jobs back (jobs_updated, unpark_jobs' callers). Whichever takes it
-- second reads what the first committed, so no job is parked after the run that would have put it back has ended.
CREATE OR REPLACE FUNCTION {schema}.lock_concurrency_key(p_key text) RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtextextended('ember.concurrency.{schema_name}:' || p_key, 0));
$$;
