# Sourced by ./test.sh: starts throwaway PostgreSQL and Redis servers on free loopback ports for the tests and stops
# them when the script exits. Tests find them through these variables (and fail loudly when they are missing):
#   EMBER_TEST_PG          Npgsql connection string (user postgres, password postgres, database postgres)
#   EMBER_TEST_PG_BIN      the PostgreSQL bin folder, and EMBER_TEST_PG_DATA the cluster folder (for restart tests)
#   EMBER_TEST_PG_USER     the system user that owns the cluster (pg_ctl refuses to run as root)
#   EMBER_TEST_REDIS       StackExchange.Redis configuration (host:port)
#   EMBER_TEST_REDIS_DIR   the Redis folder (AOF on), for restart tests; scripts/redis-restart.sh restarts it
#   EMBER_TEST_REDIS_CLUSTER  a Redis Cluster of three primaries (host:port,host:port,host:port)

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  EMBER_TEST_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  EMBER_TEST_PG_USER=postgres
  # Under /tmp, not the clone: the postgres user must be able to reach it wherever the repository lives.
  EMBER_TEST_PG_DATA=$(mktemp -d /tmp/ember-test-pg.XXXXXX)
  local port; port=$(free_port)
  [ "$(id -u)" -eq 0 ] && chown "$EMBER_TEST_PG_USER" "$EMBER_TEST_PG_DATA"
  as_pg "$EMBER_TEST_PG_BIN/initdb" -D "$EMBER_TEST_PG_DATA/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > "$work/postgres-init.log"
  EMBER_TEST_PG_DATA="$EMBER_TEST_PG_DATA/data"
  # A throwaway cluster: no fsync, since no test crashes the machine. Commits still wait for their WAL write (to the
  # OS), so a crash of PostgreSQL itself (the store-crash scenario's immediate stop) loses nothing that was committed.
  cat >> "$EMBER_TEST_PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$EMBER_TEST_PG_DATA'
max_connections = 300
fsync = off
synchronous_commit = on
full_page_writes = off
CONF
  as_pg "$EMBER_TEST_PG_BIN/pg_ctl" -D "$EMBER_TEST_PG_DATA" -l "$EMBER_TEST_PG_DATA/../postgres.log" -w start > /dev/null
  EMBER_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
  export EMBER_TEST_PG EMBER_TEST_PG_BIN EMBER_TEST_PG_DATA EMBER_TEST_PG_USER
  echo "PostgreSQL $("$EMBER_TEST_PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

start_redis() {
  EMBER_TEST_REDIS_DIR="$work/redis"
  mkdir -p "$EMBER_TEST_REDIS_DIR"
  local port; port=$(free_port)
  # appendfsync always: a reply only follows the write to the AOF. With everysec, Redis may postpone AOF writes while
  # an fsync is slow (a busy disk) and still reply, so the store-crash scenario's SIGKILL lost acknowledged fetches and
  # 2 of 1,500 jobs ran twice without a rescue. It cost the Redis tests nothing measurable here (25 s vs 26 s).
  cat > "$EMBER_TEST_REDIS_DIR/redis.conf" <<CONF
bind 127.0.0.1
port $port
dir $EMBER_TEST_REDIS_DIR
appendonly yes
appendfsync always
save ""
daemonize yes
pidfile $EMBER_TEST_REDIS_DIR/redis.pid
logfile $EMBER_TEST_REDIS_DIR/redis.log
CONF
  redis-server "$EMBER_TEST_REDIS_DIR/redis.conf"
  for _ in $(seq 50); do redis-cli -p "$port" ping > /dev/null 2>&1 && break; sleep 0.1; done
  EMBER_TEST_REDIS="127.0.0.1:$port"
  export EMBER_TEST_REDIS EMBER_TEST_REDIS_DIR
  echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on $EMBER_TEST_REDIS"
}

# Three primaries, no replicas, no persistence: enough for every key layout and routing question Cluster asks. Each
# node's cluster bus gets its own free port (the default, port + 10000, may be taken or past 65535).
start_redis_cluster() {
  local nodes=() node port bus dir
  # A fresh folder each time: a node still shutting down holds the lock on its nodes.conf.
  dir=$(mktemp -d "$work/redis-cluster.XXXXXX")
  for node in 1 2 3; do
    port=$(free_port); bus=$(free_port)
    mkdir -p "$dir/$node"
    redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-port "$bus" \
      --cluster-config-file "$dir/$node/nodes.conf" --dir "$dir/$node" \
      --save "" --appendonly no --daemonize yes --logfile "$dir/$node/redis.log"
    nodes+=("127.0.0.1:$port")
  done
  # Known to stop_services from here on, so that nodes started by a failing set-up are stopped too.
  EMBER_TEST_REDIS_CLUSTER=$(IFS=,; echo "${nodes[*]}")
  export EMBER_TEST_REDIS_CLUSTER
  for node in "${nodes[@]}"; do
    for _ in $(seq 50); do redis-cli -p "${node##*:}" ping > /dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes > "$dir/create.log" 2>&1 \
    || { echo "redis-cli --cluster create failed:"; cat "$dir/create.log"; return 1; }
  for node in "${nodes[@]}"; do
    for _ in $(seq 100); do redis-cli -p "${node##*:}" cluster info | grep -q '^cluster_state:ok' && break; sleep 0.1; done
    redis-cli -p "${node##*:}" cluster info | grep -q '^cluster_state:ok' \
      || { echo "Redis Cluster node $node is not ready after 10 s; the nodes' logs:"; tail -n 20 "$dir"/*/redis.log; return 1; }
  done
  echo "Redis Cluster of three primaries on $EMBER_TEST_REDIS_CLUSTER"
}

stop_services() {
  if [ -n "${EMBER_TEST_PG_DATA:-}" ] && [ -f "$EMBER_TEST_PG_DATA/postmaster.pid" ]; then
    as_pg "$EMBER_TEST_PG_BIN/pg_ctl" -D "$EMBER_TEST_PG_DATA" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$(dirname "$EMBER_TEST_PG_DATA")"
  fi
  if [ -n "${EMBER_TEST_REDIS:-}" ]; then
    redis-cli -p "${EMBER_TEST_REDIS##*:}" shutdown nosave > /dev/null 2>&1 || true
  fi
  local node
  for node in ${EMBER_TEST_REDIS_CLUSTER:+${EMBER_TEST_REDIS_CLUSTER//,/ }}; do
    redis-cli -p "${node##*:}" shutdown nosave > /dev/null 2>&1 || true
  done
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$EMBER_TEST_PG_USER" -- "$@"; else "$@"; fi
}
