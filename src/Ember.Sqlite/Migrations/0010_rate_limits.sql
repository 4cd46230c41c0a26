-- Ember SQLite schema, version 10: rate limits. One row per key and algorithm holds what RateLimitRules counts;
-- times in ms since the epoch. A row past expires_at counts as none, and maintenance deletes it.
CREATE TABLE rate_limits (
    key          TEXT    NOT NULL,
    algorithm    TEXT    NOT NULL,
    period_ms    INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    taken        INTEGER NOT NULL,
    level        INTEGER NOT NULL,
    refilled_at  INTEGER NOT NULL,
    starts       BLOB,              -- sliding window: the starts within the period, int64 little-endian, oldest first
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (key, algorithm)
) WITHOUT ROWID;
CREATE INDEX ix_rate_limits_expires_at ON rate_limits (expires_at);

INSERT INTO schema_version (version) VALUES (10);
