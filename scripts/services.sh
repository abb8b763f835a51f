#!/usr/bin/env bash
# Makes sure PostgreSQL (with the ckan_default role and the dev and test
# databases of CKAN_VERSION, and their DataStore databases) and Redis (bound
# to 127.0.0.1) are up.
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
    no_flush_wait "$TEST_DB"
}

# no_flush_wait DB: a test database does not wait for the disk at each
# commit (the tests commit tens of thousands of times); a crash could lose
# the last moments of a test run, nothing a test run keeps. Never the dev
# or a production database.
no_flush_wait() {
    psql_admin -c "ALTER DATABASE \"$1\" SET synchronous_commit = off"
}

# CKAN's DataStore databases, with the permissions `ckan datastore
# set-permissions` prints (its SQL ships in the ckan package): the read-only
# role may only SELECT, the datastore_search_sql functions are set up.
ensure_datastore() {
    if ! psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='$DS_READ_USER'" | grep -q 1; then
        psql_admin -c "CREATE ROLE $DS_READ_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$DS_READ_PASSWORD'"
    fi
    local sql
    sql=$(ls "$VENV"/lib/python3*/site-packages/ckanext/datastore/set_permissions.sql 2>/dev/null | head -n 1)
    [ -n "$sql" ] || return 0  # no CKAN installed yet: venv.sh comes first
    for pair in "$DEV_DB:$DS_DEV_DB" "$TEST_DB:$DS_TEST_DB"; do
        local main=${pair%%:*} db=${pair#*:}
        if ! psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
            say "Creating database $db"
            as_postgres createdb -O "$PG_USER" -E utf-8 -T template0 "$db"
            sed -e "s/{maindb}/$main/g" -e "s/{datastoredb}/$db/g" \
                -e "s/{mainuser}/$PG_USER/g" -e "s/{writeuser}/$PG_USER/g" \
                -e "s/{readuser}/$DS_READ_USER/g" "$sql" \
                | as_postgres psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null
        fi
    done
    no_flush_wait "$DS_TEST_DB"
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
ensure_datastore
start_redis
