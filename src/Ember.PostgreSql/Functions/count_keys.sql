-- How many times each key occurs in p_keys, as a jsonb object (key: count): what a keyed fetch has taken so far.
CREATE OR REPLACE FUNCTION {schema}.count_keys(p_keys text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(t.key, t.n), '{}') FROM (SELECT k.key, count(*) AS n FROM unnest(p_keys) AS k(key) GROUP BY k.key) t;
$$;
