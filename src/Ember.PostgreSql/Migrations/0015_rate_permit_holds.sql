-- Ember PostgreSQL schema, version 15: rate permits taken ahead of the start (when a server claims a batch of jobs)
-- carry a hold, the time within which the run may start. take_rate_permits reads each run as {"holdMs", "limits"} and
-- answers a row per run with the last moment it may start; its result type changed, so the old function goes first.
DROP FUNCTION IF EXISTS {schema}.take_rate_permits(jsonb, bigint);

INSERT INTO {schema}.schema_version (version) VALUES (15);
