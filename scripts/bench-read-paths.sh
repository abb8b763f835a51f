#!/usr/bin/env bash
# The read-path benchmark of make bench (benchmarks/read_paths.py): the same
# CKAN with and without the satudata plugin, on one database and one Solr
# stand-in of its own (never the dev portal's), side by side on two ports.
# Ports, database and request count can be set: BENCH_WEB_PORT (5600; the
# plugin-less server takes the next one), BENCH_SOLR_PORT (9683), BENCH_DB
# (satudata_bench_<version>), BENCH_REDIS_DB (0), BENCH_REQUESTS (200).
set -euo pipefail
export SATUDATA_DEV_DIR="$(cd "$(dirname "$0")/.." && pwd)/.dev/bench"
export SATUDATA_DEV_DB=${BENCH_DB:-satudata_bench_${CKAN_VERSION:-2.11}}
SATUDATA_DEV_DB=${SATUDATA_DEV_DB/./_}
export SOLR_DEV_PORT=${BENCH_SOLR_PORT:-9683}
export WEB_PORT=${BENCH_WEB_PORT:-5600}
export SATUDATA_REDIS_DB=${BENCH_REDIS_DB:-0}
source "$(dirname "$0")/env.sh"
cd "$ROOT"

"$ROOT/scripts/services.sh"
"$ROOT/scripts/dev-config.sh"
with_ini=$DEV_DIR/ckan.ini
without_ini=$DEV_DIR/ckan-without-satudata.ini
credentials=$DEV_DIR/credentials.txt
ckan=("$VENV/bin/ckan" -c "$with_ini")
other_port=$((WEB_PORT + 1))
for port in "$WEB_PORT" "$other_port"; do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
        die "something already serves http://127.0.0.1:$port; stop it (or set BENCH_WEB_PORT)"
    fi
done

pids=()
stop_all() {
    trap - INT TERM EXIT
    kill ${pids[@]+"${pids[@]}"} 2>/dev/null || true
    wait ${pids[@]+"${pids[@]}"} 2>/dev/null || true
}
trap stop_all INT TERM EXIT

# Each CKAN version its own index, as its own database: entries of the
# other version's datasets would be a stale index here.
pids+=("$("$ROOT/scripts/solr.sh" "$SOLR_DEV_PORT" "$DEV_DIR/solr-index-$SUFFIX.json")")
say "Preparing $DEV_DB (log: $DEV_DIR/setup.log)"
{
    "${ckan[@]}" db init
    "${ckan[@]}" db pending-migrations --apply
    "$PY" benchmarks/read_paths.py seed "$with_ini" "$credentials"
} >"$DEV_DIR/setup.log" 2>&1 || { tail -n 40 "$DEV_DIR/setup.log" >&2; die "setup failed"; }

# The same settings less the plugin: what the portal would be without it.
cp "$with_ini" "$without_ini"
plugins=$(sed -n 's/^ckan\.plugins *= *//p' "$with_ini")
"$VENV/bin/ckan" config-tool "$without_ini" \
    "ckan.plugins = $(echo " $plugins " | sed 's/ satudata / /; s/^ *//; s/ *$//')" \
    "ckan.site_url = http://127.0.0.1:$other_port" >/dev/null

"${ckan[@]}" run -H 127.0.0.1 -p "$WEB_PORT" --disable-reloader \
    >"$DEV_DIR/web-with.log" 2>&1 &
pids+=($!)
"$VENV/bin/ckan" -c "$without_ini" run -H 127.0.0.1 -p "$other_port" \
    --disable-reloader >"$DEV_DIR/web-without.log" 2>&1 &
pids+=($!)
for port in "$WEB_PORT" "$other_port"; do
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/api/3/action/status_show" \
            2>/dev/null && break
        sleep 0.5
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$port/api/3/action/status_show" \
        || die "the server on port $port did not start (logs in $DEV_DIR)"
done

say "Read paths with and without satudata (CKAN $CKAN_PIN)"
"$PY" benchmarks/read_paths.py compare "$with_ini" "$without_ini" "$credentials" \
    "http://127.0.0.1:$WEB_PORT" "http://127.0.0.1:$other_port"
