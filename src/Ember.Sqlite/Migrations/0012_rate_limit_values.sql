-- Ember SQLite schema, version 12: each rate limit state keeps the limit of the last start it counted, so that the
-- dashboard can show a key's limit beside its count (the limits themselves travel with the jobs). 0 for states
-- written before.
ALTER TABLE rate_limits ADD COLUMN limit_value INTEGER NOT NULL DEFAULT 0;

INSERT INTO schema_version (version) VALUES (12);
