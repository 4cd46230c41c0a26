-- Ember PostgreSQL schema, version 7: change_states (Functions/change_states.sql), the set-based state change behind
-- IBackgroundJobClient.RequeueManyAsync and DeleteManyAsync. No DDL: the version makes existing schemas get the
-- function, which the migrator applies after every migration.
INSERT INTO {schema}.schema_version (version) VALUES (7);
