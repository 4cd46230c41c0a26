-- Folds both delta tables. Rows appended meanwhile by other transactions are not in a statement's snapshot and stay
-- for the next fold; two folds at once delete each row once. Only the hours with more than one row per state are
-- rewritten (in practice the current one), not the month of folded hours every few seconds.
CREATE OR REPLACE FUNCTION {schema}.compact_state_counts() RETURNS void LANGUAGE sql AS $$
    WITH folded AS (DELETE FROM {schema}.state_counts RETURNING state, queue, delta)
    INSERT INTO {schema}.state_counts (state, queue, delta)
    SELECT state, queue, sum(delta) FROM folded GROUP BY state, queue HAVING sum(delta) <> 0;

    WITH folded AS (
        DELETE FROM {schema}.finished_counts
        WHERE hour IN (SELECT hour FROM {schema}.finished_counts GROUP BY hour, state HAVING count(*) > 1)
        RETURNING hour, state, delta)
    INSERT INTO {schema}.finished_counts (hour, state, delta)
    SELECT hour, state, sum(delta) FROM folded GROUP BY hour, state;
$$;
