#!/usr/bin/env bash
# Starts the Solr stand-in (tools/solr_standin, dev and test tooling only) in
# the background: solr.sh PORT [DATA_FILE]. Prints its PID. It serves the
# schema.xml of the CKAN installed in $VENV, so it runs with that python.
set -euo pipefail
source "$(dirname "$0")/env.sh"

port=$1
data=${2:-}
log=$DEV_DIR/solr-$port.log
mkdir -p "$DEV_DIR"
if curl -fsS "http://127.0.0.1:$port/solr/ckan/select?q=*:*&rows=0&wt=json" >/dev/null 2>&1; then
    die "port $port already answers as a Solr; stop it first (or set SOLR_DEV_PORT)"
fi
PYTHONPATH=$ROOT/tools "$PY" -m solr_standin --host 127.0.0.1 --port "$port" \
    ${data:+--data-file "$data"} >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$port/solr/ckan/select?q=*:*&rows=0&wt=json" >/dev/null 2>&1; then
        echo "$pid"; exit 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
done
cat "$log" >&2
die "the Solr stand-in did not start on port $port"
