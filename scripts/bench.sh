#!/usr/bin/env bash
# make bench: runs every benchmarks/bench_*.py with the CKAN_VERSION virtualenv,
# then the read paths with and without the plugin (scripts/bench-read-paths.sh).
# Each script prints its own figures and their ratio against a baseline measured
# in the same run; benchmarks that need CKAN get the dev config in CKAN_INI.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/dev-config.sh"
export CKAN_INI=$DEV_DIR/ckan.ini PYTHONPATH=$ROOT/tools
for script in benchmarks/bench_*.py; do
    say "$script"
    "$PY" "$script"
done
say "benchmarks/read_paths.py: with and without the plugin"
"$ROOT/scripts/bench-read-paths.sh"
