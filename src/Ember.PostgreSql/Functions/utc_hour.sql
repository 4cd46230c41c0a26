-- The start of the UTC hour that holds a time, whatever the session's time zone.
CREATE OR REPLACE FUNCTION {schema}.utc_hour(p_at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc('hour', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;
