-- Ember PostgreSQL schema, version 12: rate limits (function take_rate_permits). One row per key and algorithm holds
-- what RateLimitRules counts; times in ms since the epoch. A row past expires_at counts as none, and maintenance
-- deletes it.
CREATE TABLE {schema}.rate_limits (
    key          text     NOT NULL,
    algorithm    text     NOT NULL,
    period_ms    bigint   NOT NULL,
    window_start bigint   NOT NULL DEFAULT 0,
    taken        bigint   NOT NULL DEFAULT 0,
    level        bigint   NOT NULL DEFAULT 0,
    refilled_at  bigint   NOT NULL DEFAULT 0,
    starts       bigint[] NOT NULL DEFAULT '{}',  -- sliding window: the starts within the period, oldest first
    expires_at   bigint   NOT NULL,
    PRIMARY KEY (key, algorithm)
);
CREATE INDEX ix_rate_limits_expires_at ON {schema}.rate_limits (expires_at);

INSERT INTO {schema}.schema_version (version) VALUES (12);
