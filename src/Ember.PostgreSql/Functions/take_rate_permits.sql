-- TakeRatePermits, as Ember.Storage.RateLimitRules describes it. p_limits: a JSON array of {"key", "algorithm",
-- "limit", "periodMs"}; p_now: ms since the epoch. Pass 1 locks each key's row (created empty if missing), in key
-- order so that two callers never deadlock, and decides; pass 2, only when every limit granted, writes the new states
-- (the rows are still locked, so it decides the same). Returns the refusing limit with the latest retry time (its
-- index in the given order, the lower on a tie) and that time, or two nulls when every permit was taken.
CREATE OR REPLACE FUNCTION {schema}.take_rate_permits(p_limits jsonb, p_now bigint, OUT refused integer, OUT retry_at bigint)
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    s record;
    v_pass integer;
    v_fresh boolean;
    v_window bigint;
    v_taken bigint;
    v_full bigint;
    v_level bigint;
    v_starts bigint[];
    v_n integer;
    v_retry bigint;
BEGIN
    FOR v_pass IN 1..2 LOOP
        EXIT WHEN v_pass = 2 AND refused IS NOT NULL;
        FOR r IN
            SELECT (e.ord - 1)::integer AS i, e.value->>'key' AS key, e.value->>'algorithm' AS algorithm,
                   (e.value->>'limit')::bigint AS l, (e.value->>'periodMs')::bigint AS p
            FROM jsonb_array_elements(p_limits) WITH ORDINALITY AS e(value, ord)
            ORDER BY 2, 3
        LOOP
            IF v_pass = 1 THEN
                INSERT INTO {schema}.rate_limits (key, algorithm, period_ms, expires_at) VALUES (r.key, r.algorithm, r.p, 0)
                ON CONFLICT (key, algorithm) DO NOTHING;
            END IF;
            SELECT * INTO s FROM {schema}.rate_limits WHERE key = r.key AND algorithm = r.algorithm FOR UPDATE;
            v_fresh := s.expires_at <= p_now;
            v_retry := NULL;
            IF r.algorithm = 'FixedWindow' THEN
                v_window := p_now - mod(p_now, r.p);
                v_taken := CASE WHEN NOT v_fresh AND s.period_ms = r.p AND s.window_start = v_window THEN s.taken ELSE 0 END;
                IF v_taken >= r.l THEN
                    v_retry := v_window + r.p;
                ELSIF v_pass = 2 THEN
                    UPDATE {schema}.rate_limits
                    SET period_ms = r.p, window_start = v_window, taken = v_taken + 1, expires_at = v_window + r.p
                    WHERE key = r.key AND algorithm = r.algorithm;
                END IF;
            ELSIF r.algorithm = 'SlidingWindow' THEN
                v_starts := CASE WHEN v_fresh THEN '{}'::bigint[]
                                 ELSE ARRAY(SELECT t FROM unnest(s.starts) AS t WHERE t > p_now - r.p ORDER BY t) END;
                v_n := cardinality(v_starts);
                IF v_n >= r.l THEN
                    v_retry := v_starts[v_n - r.l + 1] + r.p;
                ELSIF v_pass = 2 THEN
                    UPDATE {schema}.rate_limits
                    SET period_ms = r.p, starts = v_starts || p_now, expires_at = p_now + r.p
                    WHERE key = r.key AND algorithm = r.algorithm;
                END IF;
            ELSIF r.algorithm = 'TokenBucket' THEN
                v_full := r.l * r.p;
                v_level := CASE WHEN v_fresh OR s.period_ms <> r.p THEN v_full
                                ELSE least(v_full, s.level + greatest(0, p_now - s.refilled_at) * r.l) END;
                IF v_level < r.p THEN
                    v_retry := p_now + (r.p - v_level + r.l - 1) / r.l;
                ELSIF v_pass = 2 THEN
                    UPDATE {schema}.rate_limits
                    SET period_ms = r.p, level = v_level - r.p, refilled_at = p_now,
                        expires_at = p_now + (v_full - (v_level - r.p) + r.l - 1) / r.l
                    WHERE key = r.key AND algorithm = r.algorithm;
                END IF;
            ELSE
                RAISE EXCEPTION 'Unknown rate limit algorithm %', r.algorithm;
            END IF;
            IF v_retry IS NOT NULL AND (refused IS NULL OR v_retry > retry_at OR (v_retry = retry_at AND r.i < refused)) THEN
                refused := r.i;
                retry_at := v_retry;
            END IF;
        END LOOP;
    END LOOP;
END
$$;
