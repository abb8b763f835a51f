#!/usr/bin/env bash
# Starts the Solr stand-in (tools/solr_standin, dev and test tooling only) in
# the background and waits until it answers: solr.sh PORT [DATA_FILE].
# Prints its PID. It serves the schema.xml of the CKAN installed in $VENV, so
# it runs with that python. A stand-in this script started earlier on the
# same port is stopped first.
set -euo pipefail
source "$(dirname "$0")/env.sh"

port=$1
data=${2:-}
mkdir -p "$DEV_DIR"
log=$DEV_DIR/solr-$port.log
pidfile=$DEV_DIR/solr-$port.pid
ping_url="http://127.0.0.1:$port/solr/ckan/select?q=*:*&rows=0&wt=json"

if [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; then
    for _ in $(seq 1 25); do curl -fsS "$ping_url" >/dev/null 2>&1 || break; sleep 0.2; done
    # Ours, and not gone in 5 s: its index is saved on every commit.
    kill -KILL "$(cat "$pidfile")" 2>/dev/null && sleep 0.5
fi
if curl -fsS "$ping_url" >/dev/null 2>&1; then
    die "port $port already answers as a Solr and was not started by this script; stop that process first"
fi

PYTHONPATH=$ROOT/tools "$PY" -m solr_standin --host 127.0.0.1 --port "$port" \
    ${data:+--data-file "$data"} >"$log" 2>&1 &
pid=$!
echo "$pid" >"$pidfile"
for _ in $(seq 1 50); do
    if curl -fsS "$ping_url" >/dev/null 2>&1; then
        echo "$pid"
        exit 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
done
cat "$log" >&2
die "the Solr stand-in did not start on port $port"
