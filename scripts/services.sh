#!/usr/bin/env bash
# Makes sure PostgreSQL (with the ckan_default role and the dev and test
# databases of CKAN_VERSION) and Redis (bound to 127.0.0.1) are up.
# Idempotent: running services and existing databases are left alone.
set -euo pipefail
source "$(dirname "$0")/env.sh"

"$ROOT/scripts/system.sh"

# In a subshell so that the cd (postgres cannot read every cwd) stays local.
as_postgres() (
    cd /
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
)
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

start_postgres() {
    pg_isready -q -h "$PG_HOST" && return
    local ver
    ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$ver" ]; then
        ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        pg_createcluster "$ver" main >/dev/null
    fi
    say "Starting PostgreSQL $ver"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start || pg_ctlcluster "$ver" main start
    for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" && return; sleep 1; done
    die "PostgreSQL did not start"
}

ensure_databases() {
    if ! psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'" | grep -q 1; then
        psql_admin -c "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    fi
    for db in "$DEV_DB" "$TEST_DB"; do
        if ! psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
            say "Creating database $db"
            as_postgres createdb -O "$PG_USER" -E utf-8 -T template0 "$db"
        fi
    done
}

start_redis() {
    redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && return
    say "Starting Redis on 127.0.0.1:6379"
    mkdir -p "$DEV_DIR"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" \
        --appendonly no --dir "$DEV_DIR" --logfile "$DEV_DIR/redis.log"
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && return; sleep 0.5; done
    die "Redis did not start"
}

start_postgres
ensure_databases
start_redis
