-- TakeRatePermits, as Ember.Storage.RateLimitRules describes it. p_runs: a JSON array of runs, each
-- {"holdMs", "limits": [{"key", "algorithm", "limit", "periodMs"}, ...]}; p_now: ms since the epoch. First every key's
-- row of the call is locked (created empty if missing), in key order so that two callers never deadlock; then each run
-- in order: pass 1 decides, pass 2 (only when every limit granted) writes the new states, which the later runs of the
-- call read. Returns a row per run: its index (0-based); when refused, the refusing limit with the latest retry time
-- (its index in the run, the lower on a tie) and that time; when granted, refused is null and valid_until is the last
-- moment the run may start (the earliest of its limits').
CREATE OR REPLACE FUNCTION {schema}.take_rate_permits(p_runs jsonb, p_now bigint)
RETURNS TABLE (run integer, refused integer, retry_at bigint, valid_until bigint) LANGUAGE plpgsql AS $$
DECLARE
    k record;
    u record;
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
    v_until bigint;
BEGIN
    FOR k IN
        SELECT DISTINCT l.value->>'key' AS key, l.value->>'algorithm' AS algorithm
        FROM jsonb_array_elements(p_runs) AS runs(value), jsonb_array_elements(runs.value->'limits') AS l(value)
        ORDER BY 1, 2
    LOOP
        INSERT INTO {schema}.rate_limits (key, algorithm, period_ms, expires_at) VALUES (k.key, k.algorithm, 0, 0)
        ON CONFLICT (key, algorithm) DO NOTHING;
        PERFORM 1 FROM {schema}.rate_limits WHERE key = k.key AND algorithm = k.algorithm FOR UPDATE;
    END LOOP;

    FOR u IN SELECT (runs.ord - 1)::integer AS i, runs.value FROM jsonb_array_elements(p_runs) WITH ORDINALITY AS runs(value, ord) ORDER BY runs.ord LOOP
        refused := NULL;
        retry_at := NULL;
        v_until := p_now + (u.value->>'holdMs')::bigint;
        valid_until := v_until;
        FOR v_pass IN 1..2 LOOP
            EXIT WHEN v_pass = 2 AND refused IS NOT NULL;
            FOR r IN
                SELECT (e.ord - 1)::integer AS i, e.value->>'key' AS key, e.value->>'algorithm' AS algorithm,
                       (e.value->>'limit')::bigint AS l, (e.value->>'periodMs')::bigint AS p
                FROM jsonb_array_elements(u.value->'limits') WITH ORDINALITY AS e(value, ord)
                ORDER BY e.ord
            LOOP
                SELECT * INTO s FROM {schema}.rate_limits AS t WHERE t.key = r.key AND t.algorithm = r.algorithm;
                v_fresh := s.expires_at <= p_now;
                v_retry := NULL;
                IF r.algorithm = 'FixedWindow' THEN
                    v_window := p_now - mod(p_now, r.p);
                    v_taken := CASE WHEN NOT v_fresh AND s.period_ms = r.p AND s.window_start = v_window THEN s.taken ELSE 0 END;
                    IF v_taken >= r.l THEN
                        v_retry := v_window + r.p;
                    ELSE
                        valid_until := least(valid_until, v_window + r.p - 1);
                    END IF;
                    IF v_retry IS NULL AND v_pass = 2 THEN
                        UPDATE {schema}.rate_limits AS t
                        SET limit_value = r.l, period_ms = r.p, window_start = v_window, taken = v_taken + 1, expires_at = v_window + r.p
                        WHERE t.key = r.key AND t.algorithm = r.algorithm;
                    END IF;
                ELSIF r.algorithm = 'SlidingWindow' THEN
                    v_starts := CASE WHEN v_fresh THEN '{}'::bigint[]
                                     ELSE ARRAY(SELECT x FROM unnest(s.starts) AS x WHERE x > p_now - r.p ORDER BY x) END;
                    v_n := cardinality(v_starts);
                    IF v_n >= r.l THEN
                        v_retry := v_starts[v_n - r.l + 1] + r.p;
                    ELSIF v_pass = 2 THEN
                        -- Each start is kept as the last moment it may fall on (v_until), in ascending order.
                        v_starts := ARRAY(SELECT x FROM unnest(v_starts || v_until) AS x ORDER BY x);
                        UPDATE {schema}.rate_limits AS t
                        SET limit_value = r.l, period_ms = r.p, starts = v_starts, expires_at = v_starts[cardinality(v_starts)] + r.p
                        WHERE t.key = r.key AND t.algorithm = r.algorithm;
                    END IF;
                ELSIF r.algorithm = 'TokenBucket' THEN
                    v_full := r.l * r.p;
                    -- Not clamped at 0 before refilled_at: a state refilled at a start's v_until still ahead holds less now.
                    v_level := CASE WHEN v_fresh OR s.period_ms <> r.p THEN v_full
                                    ELSE least(v_full, s.level + (p_now - s.refilled_at) * r.l) END;
                    IF v_level < r.p THEN
                        v_retry := p_now + (r.p - v_level + r.l - 1) / r.l;
                    ELSIF v_pass = 2 THEN
                        v_level := CASE WHEN v_fresh OR s.period_ms <> r.p THEN v_full
                                        ELSE least(v_full, s.level + (v_until - s.refilled_at) * r.l) END - r.p;
                        UPDATE {schema}.rate_limits AS t
                        SET limit_value = r.l, period_ms = r.p, level = v_level, refilled_at = v_until,
                            expires_at = v_until + (v_full - v_level + r.l - 1) / r.l
                        WHERE t.key = r.key AND t.algorithm = r.algorithm;
                    END IF;
                ELSE
                    RAISE EXCEPTION 'Unknown rate limit algorithm %', r.algorithm;
                END IF;
                IF v_retry IS NOT NULL AND (refused IS NULL OR v_retry > retry_at) THEN
                    refused := r.i;
                    retry_at := v_retry;
                END IF;
            END LOOP;
        END LOOP;
        IF refused IS NOT NULL THEN
            valid_until := NULL;
        END IF;
        run := u.i;
        RETURN NEXT;
    END LOOP;
END
$$;
