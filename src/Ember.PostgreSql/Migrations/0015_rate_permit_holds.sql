-- Ember PostgreSQL schema, version 15: rate permits taken ahead of the start (when a server claims a batch of jobs)
-- carry a hold, the time within which the run may start. take_rate_permits reads each run as {"holdMs", "limits"} and
-- answers a row per run with the last moment it may start; its result type changed, so the old function goes first.
-- Each state also keeps the limit of the last start it counted, for the dashboard (0 for states written before).
DROP FUNCTION IF EXISTS {schema}.take_rate_permits(jsonb, bigint);
ALTER TABLE {schema}.rate_limits ADD COLUMN limit_value bigint NOT NULL DEFAULT 0;

INSERT INTO {schema}.schema_version (version) VALUES (15);
