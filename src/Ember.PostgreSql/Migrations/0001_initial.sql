-- Ember PostgreSQL schema, version 1.
-- {schema} is the configured schema, validated (letters, digits, underscore) and quoted; {schema_name} is the same
-- name inside string literals. Times are timestamptz written from the application's clock, never now().
-- The write paths are plpgsql functions so that each store operation is one round trip and one transaction.

CREATE TABLE {schema}.schema_version (
    version    integer     NOT NULL PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- bigserial: ids are never reused after expired jobs are deleted, so an id names one job forever.
CREATE TABLE {schema}.jobs (
    id                   bigserial   PRIMARY KEY,
    queue                text        NOT NULL,
    state                text        NOT NULL,
    invocation           text        NOT NULL,
    created_at           timestamptz NOT NULL,
    state_changed_at     timestamptz NOT NULL,
    scheduled_at         timestamptz,
    expire_at            timestamptz,
    attempt              integer     NOT NULL DEFAULT 0,
    last_error_type      text,
    last_error_message   text,
    last_error_details   text,
    server_id            text,
    lease_token          text,
    lease_expires_at     timestamptz,
    -- No foreign key: a parent pruned after it expired leaves its continuations, and their parent_id, as they are.
    parent_id            bigint,
    continuation_options text        NOT NULL DEFAULT 'OnlyOnSucceededState'
);

-- Partial indexes: fetching and maintenance only ever look at the few live jobs, never at the many finished ones.
CREATE INDEX ix_jobs_enqueued ON {schema}.jobs (queue, id) WHERE state = 'Enqueued';
-- A Scheduled job without a time is due from when it was scheduled, hence the coalesce.
CREATE INDEX ix_jobs_scheduled ON {schema}.jobs ((coalesce(scheduled_at, state_changed_at)), id) WHERE state = 'Scheduled';
CREATE INDEX ix_jobs_processing ON {schema}.jobs (lease_expires_at) WHERE state = 'Processing';
CREATE INDEX ix_jobs_expire ON {schema}.jobs (expire_at) WHERE expire_at IS NOT NULL;
CREATE INDEX ix_jobs_parent ON {schema}.jobs (parent_id, id) WHERE parent_id IS NOT NULL;
-- Dashboard pages: jobs of one state, newest first.
CREATE INDEX ix_jobs_state ON {schema}.jobs (state, id);

-- Every transition of a job, oldest first by id. Deleted with its job by delete_expired (no foreign key: a check
-- per history row would cost every fetch and completion a lookup).
CREATE TABLE {schema}.job_history (
    id            bigserial   PRIMARY KEY,
    job_id        bigint      NOT NULL,
    state         text        NOT NULL,
    at            timestamptz NOT NULL,
    reason        text,
    server_id     text,
    error_type    text,
    error_message text,
    error_details text,
    duration_ms   double precision
);
CREATE INDEX ix_job_history_job ON {schema}.job_history (job_id, id);

-- Counts by state as deltas appended by the triggers below: append-only, so concurrent transactions never wait on
-- (or deadlock over) shared counter rows. compact_state_counts() folds them into one row per state.
CREATE TABLE {schema}.state_counts (
    state text   NOT NULL,
    delta bigint NOT NULL
);

CREATE TABLE {schema}.servers (
    server_id      text        NOT NULL PRIMARY KEY,
    name           text        NOT NULL,
    worker_count   integer     NOT NULL,
    queues         text[]      NOT NULL,
    started_at     timestamptz NOT NULL,
    last_heartbeat timestamptz NOT NULL
);

-- misfire: a MisfireHandling name. next_run_at is NULL while the job is disabled (error says why).
CREATE TABLE {schema}.recurring_jobs (
    id           text        NOT NULL PRIMARY KEY,
    cron         text        NOT NULL,
    time_zone_id text        NOT NULL,
    queue        text        NOT NULL,
    invocation   text        NOT NULL,
    misfire      text        NOT NULL,
    next_run_at  timestamptz,
    last_run_at  timestamptz,
    last_job_id  text,
    error        text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX ix_recurring_jobs_due ON {schema}.recurring_jobs (next_run_at) WHERE next_run_at IS NOT NULL;

-- A mutex is held by one run of a job: its job id (as the caller gave it) and lease token. No expiry of its own: a
-- holder whose job is no longer Processing under that token holds nothing.
CREATE TABLE {schema}.mutexes (
    name        text NOT NULL PRIMARY KEY,
    job_id      text NOT NULL,
    lease_token text NOT NULL
);

-- The LISTEN/NOTIFY channel of this schema: one per schema, so two applications with different schemas in one
-- database never wake each other. A hash keeps it within the 63-byte identifier limit whatever the schema name.
CREATE FUNCTION {schema}.work_channel() RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'ember_work_' || md5('{schema_name}')
$$;

-- Statement-level triggers with transition tables: one counter delta per state and one NOTIFY per queue whatever
-- the number of rows, and every path (including jobs created in an application's own transaction) is covered.
-- PostgreSQL delivers a transaction's identical notifications once, at commit: a batch wakes a queue once.
CREATE FUNCTION {schema}.jobs_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, delta) SELECT state, count(*) FROM new_rows GROUP BY state;
    PERFORM pg_notify({schema}.work_channel(), queue) FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued') q;
    RETURN NULL;
END
$$;

CREATE FUNCTION {schema}.jobs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, delta)
    SELECT state, sum(delta) FROM (
        SELECT state, 1 AS delta FROM new_rows
        UNION ALL
        SELECT state, -1 FROM old_rows) d
    GROUP BY state HAVING sum(delta) <> 0;
    PERFORM pg_notify({schema}.work_channel(), queue) FROM (SELECT DISTINCT queue FROM new_rows WHERE state = 'Enqueued') q;
    RETURN NULL;
END
$$;

CREATE FUNCTION {schema}.jobs_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {schema}.state_counts (state, delta) SELECT state, -count(*) FROM old_rows GROUP BY state;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_inserted AFTER INSERT ON {schema}.jobs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.jobs_inserted();
CREATE TRIGGER jobs_updated AFTER UPDATE ON {schema}.jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.jobs_updated();
CREATE TRIGGER jobs_deleted AFTER DELETE ON {schema}.jobs REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.jobs_deleted();

-- Folds the deltas into one row per state. Rows appended meanwhile by other transactions are not in this
-- statement's snapshot and stay for the next fold; two folds at once delete each row once.
CREATE FUNCTION {schema}.compact_state_counts() RETURNS void LANGUAGE sql AS $$
    WITH folded AS (DELETE FROM {schema}.state_counts RETURNING state, delta)
    INSERT INTO {schema}.state_counts (state, delta)
    SELECT state, sum(delta) FROM folded GROUP BY state HAVING sum(delta) <> 0
$$;

-- Releases the Awaiting continuations of finished parents (ContinuationRules), level by level down the chains: a
-- continuation deleted because its parent did not succeed finishes in turn. Each level is one UPDATE, under the row
-- locks it takes, so a continuation changed meanwhile by someone else is skipped along with its own children.
CREATE FUNCTION {schema}.release_continuations(p_ids bigint[], p_states text[], p_expire timestamptz[], p_now timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        WITH parents AS (
            SELECT * FROM unnest(p_ids, p_states, p_expire) AS p(id, state, expire_at)
        ), released AS (
            UPDATE {schema}.jobs c
            SET state = CASE WHEN p.state = 'Succeeded' OR c.continuation_options = 'OnAnyFinishedState' THEN 'Enqueued' ELSE 'Deleted' END,
                state_changed_at = p_now, scheduled_at = NULL,
                expire_at = CASE WHEN p.state = 'Succeeded' OR c.continuation_options = 'OnAnyFinishedState' THEN NULL ELSE p.expire_at END,
                server_id = NULL, lease_token = NULL, lease_expires_at = NULL
            FROM parents p
            WHERE c.parent_id = p.id AND c.state = 'Awaiting'
            RETURNING c.id, c.state, p.id AS parent_id, p.state AS parent_state, p.expire_at
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, at, reason)
            SELECT id, state, p_now,
                   CASE WHEN state = 'Enqueued' THEN format('Parent job %s %s', parent_id, parent_state)
                        ELSE format('Parent job %s %s; this continuation runs only on success', parent_id, parent_state) END
            FROM released ORDER BY id
        )
        SELECT array_agg(id ORDER BY id), array_agg(expire_at ORDER BY id) INTO p_ids, p_expire
        FROM released WHERE state = 'Deleted';
        EXIT WHEN p_ids IS NULL;
        p_states := array_fill('Deleted'::text, ARRAY[cardinality(p_ids)]);
    END LOOP;
END
$$;

-- Stores new jobs in order with their first history entry. Parents are locked FOR SHARE before their state is read:
-- a parent finishing concurrently either commits first (and is seen finished here, so the continuation is released
-- now) or waits for this transaction (and then sees the new continuation when it releases its own).
-- A missing parent raises SQLSTATE EM404 with the parent id as message; nothing is stored.
CREATE FUNCTION {schema}.create_jobs(
    p_queues text[], p_states text[], p_invocations text[], p_scheduled_at timestamptz[], p_reasons text[],
    p_parent_ids bigint[], p_options text[], p_expire_if_deleted timestamptz[], p_now timestamptz)
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
    v_missing bigint;
    v_has_parents boolean := EXISTS (SELECT 1 FROM unnest(p_parent_ids) x WHERE x IS NOT NULL);
    v_deleted_ids bigint[];
    v_deleted_expire timestamptz[];
BEGIN
    IF v_has_parents THEN
        PERFORM 1 FROM {schema}.jobs WHERE id IN (SELECT x FROM unnest(p_parent_ids) x WHERE x IS NOT NULL) ORDER BY id FOR SHARE;
        SELECT t.parent INTO v_missing
        FROM unnest(p_parent_ids) WITH ORDINALITY AS t(parent, ord)
        WHERE t.parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.id = t.parent)
        ORDER BY t.ord LIMIT 1;
        IF v_missing IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'EM404', MESSAGE = v_missing::text;
        END IF;
    END IF;

    -- Ids drawn in batch order before the insert, so they increase in creation order whatever the plan.
    v_ids := ARRAY(SELECT nextval('{schema}.jobs_id_seq') FROM generate_series(1, cardinality(p_queues)));

    INSERT INTO {schema}.jobs (id, queue, state, invocation, created_at, state_changed_at, scheduled_at, attempt, parent_id, continuation_options)
    SELECT v_ids[t.ord], t.queue, t.state, t.invocation, p_now, p_now,
           CASE WHEN t.state = 'Scheduled' THEN t.scheduled_at END, 0, t.parent, t.options
    FROM unnest(p_queues, p_states, p_invocations, p_scheduled_at, p_parent_ids, p_options)
         WITH ORDINALITY AS t(queue, state, invocation, scheduled_at, parent, options, ord)
    ORDER BY t.ord;

    INSERT INTO {schema}.job_history (job_id, state, at, reason)
    SELECT v_ids[t.ord], t.state, p_now, t.reason
    FROM unnest(p_states, p_reasons) WITH ORDINALITY AS t(state, reason, ord)
    ORDER BY t.ord;

    IF v_has_parents THEN
        -- Continuations of parents that have already finished are released at once.
        WITH created AS (
            SELECT v_ids[t.ord] AS id, t.expire_at
            FROM unnest(p_parent_ids, p_expire_if_deleted) WITH ORDINALITY AS t(parent, expire_at, ord)
            WHERE t.parent IS NOT NULL
        ), released AS (
            UPDATE {schema}.jobs c
            SET state = CASE WHEN p.state = 'Succeeded' OR c.continuation_options = 'OnAnyFinishedState' THEN 'Enqueued' ELSE 'Deleted' END,
                state_changed_at = p_now,
                expire_at = CASE WHEN p.state = 'Succeeded' OR c.continuation_options = 'OnAnyFinishedState' THEN NULL ELSE n.expire_at END
            FROM created n, {schema}.jobs p
            WHERE c.id = n.id AND p.id = c.parent_id AND p.state IN ('Succeeded', 'Failed', 'Deleted')
            RETURNING c.id, c.state, p.id AS parent_id, p.state AS parent_state, n.expire_at
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, at, reason)
            SELECT id, state, p_now,
                   CASE WHEN state = 'Enqueued' THEN format('Parent job %s %s', parent_id, parent_state)
                        ELSE format('Parent job %s %s; this continuation runs only on success', parent_id, parent_state) END
            FROM released ORDER BY id
        )
        SELECT array_agg(id ORDER BY id), array_agg(expire_at ORDER BY id) INTO v_deleted_ids, v_deleted_expire
        FROM released WHERE state = 'Deleted';
        -- New jobs have no continuations yet (a parent of the same batch is "not found" above), so nothing below them.
    END IF;
    RETURN v_ids;
END
$$;

-- Claims up to p_count Enqueued jobs, queues in the order given, oldest first within a queue. SKIP LOCKED: servers
-- fetching at once take different jobs instead of waiting for each other.
CREATE FUNCTION {schema}.fetch_jobs(p_server_id text, p_queues text[], p_count integer, p_now timestamptz, p_lease_expires_at timestamptz)
RETURNS TABLE (r_id bigint, r_queue text, r_invocation text, r_attempt integer, r_lease_token text, r_created_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_queue text;
    v_remaining integer := p_count;
    v_claimed integer;
BEGIN
    FOREACH v_queue IN ARRAY p_queues LOOP
        EXIT WHEN v_remaining <= 0;
        RETURN QUERY
        WITH picked AS MATERIALIZED (
            SELECT c.id FROM {schema}.jobs c
            WHERE c.state = 'Enqueued' AND c.queue = v_queue
            ORDER BY c.id LIMIT v_remaining
            FOR UPDATE SKIP LOCKED
        ), claimed AS (
            UPDATE {schema}.jobs j
            SET state = 'Processing', state_changed_at = p_now, scheduled_at = NULL, expire_at = NULL, attempt = j.attempt + 1,
                server_id = p_server_id, lease_token = gen_random_uuid()::text, lease_expires_at = p_lease_expires_at
            FROM picked WHERE j.id = picked.id
            RETURNING j.id, j.queue, j.invocation, j.attempt, j.lease_token, j.created_at
        ), history AS (
            INSERT INTO {schema}.job_history (job_id, state, at, server_id)
            SELECT claimed.id, 'Processing', p_now, p_server_id FROM claimed ORDER BY claimed.id
        )
        SELECT * FROM claimed ORDER BY 1;
        GET DIAGNOSTICS v_claimed = ROW_COUNT;
        v_remaining := v_remaining - v_claimed;
    END LOOP;
END
$$;

-- Applies run outcomes, each only while its run still holds the lease (state Processing and the same token), then
-- releases the continuations of the jobs it finished. Returns how many applied. A job named twice applies its
-- first outcome only, as the in-memory store does.
CREATE FUNCTION {schema}.complete_jobs(
    p_ids bigint[], p_tokens text[], p_states text[], p_reasons text[], p_scheduled_at timestamptz[], p_expire_at timestamptz[],
    p_has_error boolean[], p_error_types text[], p_error_messages text[], p_error_details text[], p_server_ids text[],
    p_durations_ms double precision[], p_continuations_expire_at timestamptz[], p_now timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_applied integer;
    v_ids bigint[];
    v_states text[];
    v_expire timestamptz[];
BEGIN
    WITH input AS (
        SELECT DISTINCT ON (t.id) t.*
        FROM unnest(p_ids, p_tokens, p_states, p_reasons, p_scheduled_at, p_expire_at, p_has_error, p_error_types,
                    p_error_messages, p_error_details, p_server_ids, p_durations_ms, p_continuations_expire_at)
             WITH ORDINALITY AS t(id, token, state, reason, scheduled_at, expire_at, has_error, error_type, error_message,
                                  error_details, server_id, duration_ms, continuations_expire_at, ord)
        ORDER BY t.id, t.ord
    ), updated AS (
        UPDATE {schema}.jobs j
        SET state = i.state, state_changed_at = p_now,
            scheduled_at = CASE WHEN i.state = 'Scheduled' THEN i.scheduled_at END,
            expire_at = i.expire_at,
            last_error_type = CASE WHEN i.has_error THEN i.error_type ELSE j.last_error_type END,
            last_error_message = CASE WHEN i.has_error THEN i.error_message ELSE j.last_error_message END,
            last_error_details = CASE WHEN i.has_error THEN i.error_details ELSE j.last_error_details END,
            server_id = CASE WHEN i.state = 'Processing' THEN i.server_id END,
            lease_token = NULL, lease_expires_at = NULL
        FROM input i
        WHERE j.id = i.id AND j.state = 'Processing' AND j.lease_token = i.token
        RETURNING j.id, i.state, i.reason, i.server_id, i.has_error, i.error_type, i.error_message, i.error_details,
                  i.duration_ms, i.continuations_expire_at
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, at, reason, server_id, error_type, error_message, error_details, duration_ms)
        SELECT id, state, p_now, reason, server_id,
               CASE WHEN has_error THEN error_type END, CASE WHEN has_error THEN error_message END,
               CASE WHEN has_error THEN error_details END, duration_ms
        FROM updated ORDER BY id
    )
    SELECT count(*)::integer,
           array_agg(id ORDER BY id) FILTER (WHERE state IN ('Succeeded', 'Failed', 'Deleted')),
           array_agg(state ORDER BY id) FILTER (WHERE state IN ('Succeeded', 'Failed', 'Deleted')),
           array_agg(continuations_expire_at ORDER BY id) FILTER (WHERE state IN ('Succeeded', 'Failed', 'Deleted'))
    INTO v_applied, v_ids, v_states, v_expire
    FROM updated;
    -- Only parents have continuations: the index probe is skipped for the common batch of plain jobs.
    IF v_ids IS NOT NULL AND EXISTS (SELECT 1 FROM {schema}.jobs WHERE parent_id = ANY (v_ids) AND state = 'Awaiting') THEN
        PERFORM {schema}.release_continuations(v_ids, v_states, v_expire, p_now);
    END IF;
    RETURN v_applied;
END
$$;

-- Compare-and-set of one job's state. Leaving Processing drops the lease.
CREATE FUNCTION {schema}.change_state(
    p_id bigint, p_expected text[], p_state text, p_reason text, p_scheduled_at timestamptz, p_expire_at timestamptz,
    p_has_error boolean, p_error_type text, p_error_message text, p_error_details text, p_server_id text,
    p_duration_ms double precision, p_continuations_expire_at timestamptz, p_now timestamptz)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {schema}.jobs
    SET state = p_state, state_changed_at = p_now,
        scheduled_at = CASE WHEN p_state = 'Scheduled' THEN p_scheduled_at END,
        expire_at = p_expire_at,
        last_error_type = CASE WHEN p_has_error THEN p_error_type ELSE last_error_type END,
        last_error_message = CASE WHEN p_has_error THEN p_error_message ELSE last_error_message END,
        last_error_details = CASE WHEN p_has_error THEN p_error_details ELSE last_error_details END,
        server_id = CASE WHEN p_state = 'Processing' THEN p_server_id END,
        lease_token = NULL, lease_expires_at = NULL
    WHERE id = p_id AND state = ANY (p_expected);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO {schema}.job_history (job_id, state, at, reason, server_id, error_type, error_message, error_details, duration_ms)
    VALUES (p_id, p_state, p_now, p_reason, p_server_id,
            CASE WHEN p_has_error THEN p_error_type END, CASE WHEN p_has_error THEN p_error_message END,
            CASE WHEN p_has_error THEN p_error_details END, p_duration_ms);
    IF p_state IN ('Succeeded', 'Failed', 'Deleted') THEN
        PERFORM {schema}.release_continuations(ARRAY[p_id], ARRAY[p_state], ARRAY[p_continuations_expire_at], p_now);
    END IF;
    RETURN true;
END
$$;

-- Processing jobs whose lease ran out go back to their queue. SKIP LOCKED: rescuers on several servers split the
-- work and never move a job twice; a job being completed right now is left to its completion.
CREATE FUNCTION {schema}.rescue_expired(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id, server_id FROM {schema}.jobs
        WHERE state = 'Processing' AND lease_expires_at <= p_now
        ORDER BY id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), rescued AS (
        UPDATE {schema}.jobs j
        SET state = 'Enqueued', state_changed_at = p_now, scheduled_at = NULL, expire_at = NULL,
            server_id = NULL, lease_token = NULL, lease_expires_at = NULL
        FROM picked WHERE j.id = picked.id
        RETURNING j.id, picked.server_id
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, at, reason)
        SELECT id, 'Enqueued', p_now, format('Rescued: the lease of server %s expired', server_id) FROM rescued ORDER BY id
    )
    SELECT count(*) INTO v_count FROM rescued;
    -- Housekeeping that every server runs often: keeps the counter deltas few, so counts stay one small scan.
    PERFORM {schema}.compact_state_counts();
    RETURN v_count;
END
$$;

-- Due Scheduled jobs move to Enqueued. FOR UPDATE SKIP LOCKED plus the state condition: each job moves once however
-- many servers run this at the same moment.
CREATE FUNCTION {schema}.enqueue_due(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id FROM {schema}.jobs
        WHERE state = 'Scheduled' AND coalesce(scheduled_at, state_changed_at) <= p_now
        ORDER BY coalesce(scheduled_at, state_changed_at), id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), due AS (
        UPDATE {schema}.jobs j
        SET state = 'Enqueued', state_changed_at = p_now, scheduled_at = NULL, expire_at = NULL,
            server_id = NULL, lease_token = NULL, lease_expires_at = NULL
        FROM picked WHERE j.id = picked.id
        RETURNING j.id
    ), history AS (
        INSERT INTO {schema}.job_history (job_id, state, at, reason)
        SELECT id, 'Enqueued', p_now, 'Scheduled time reached' FROM due ORDER BY id
    )
    SELECT count(*) INTO v_count FROM due;
    RETURN v_count;
END
$$;

-- Finished jobs past their expiry, with their history.
CREATE FUNCTION {schema}.delete_expired(p_now timestamptz, p_max integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_count integer;
BEGIN
    WITH picked AS MATERIALIZED (
        SELECT id FROM {schema}.jobs
        WHERE expire_at IS NOT NULL AND expire_at <= p_now
        ORDER BY expire_at, id LIMIT p_max
        FOR UPDATE SKIP LOCKED
    ), deleted AS (
        DELETE FROM {schema}.jobs j USING picked WHERE j.id = picked.id RETURNING j.id
    ), history AS (
        DELETE FROM {schema}.job_history h USING deleted WHERE h.job_id = deleted.id
    )
    SELECT count(*) INTO v_count FROM deleted;
    PERFORM {schema}.compact_state_counts();
    RETURN v_count;
END
$$;

-- Fires a recurring job if its next_run_at is still the expected one. FOR UPDATE on the recurring row: a second
-- server racing for the same occurrence waits, then finds next_run_at moved and fires nothing.
CREATE FUNCTION {schema}.fire_recurring(
    p_id text, p_expected timestamptz, p_next_run_at timestamptz, p_run_at timestamptz,
    p_queues text[], p_states text[], p_invocations text[], p_scheduled_at timestamptz[], p_reasons text[],
    p_parent_ids bigint[], p_options text[], p_expire_if_deleted timestamptz[], p_now timestamptz)
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[];
BEGIN
    PERFORM 1 FROM {schema}.recurring_jobs WHERE id = p_id AND next_run_at IS NOT DISTINCT FROM p_expected FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    v_ids := {schema}.create_jobs(p_queues, p_states, p_invocations, p_scheduled_at, p_reasons, p_parent_ids, p_options, p_expire_if_deleted, p_now);
    UPDATE {schema}.recurring_jobs
    SET next_run_at = p_next_run_at, last_run_at = p_run_at,
        last_job_id = coalesce(v_ids[cardinality(v_ids)]::text, last_job_id), error = NULL
    WHERE id = p_id;
    RETURN coalesce(v_ids, '{}');
END
$$;

INSERT INTO {schema}.schema_version (version) VALUES (1);
