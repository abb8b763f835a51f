#!/usr/bin/env bash
# make run: sets everything up and serves the portal with demo data at
# http://127.0.0.1:$WEB_PORT. Safe to run again. Ctrl-C stops what it started.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

"$ROOT/scripts/venv.sh"
"$ROOT/scripts/services.sh"
"$ROOT/scripts/dev-config.sh"

ini=$DEV_DIR/ckan.ini
ckan=("$VENV/bin/ckan" -c "$ini")
setup_log=$DEV_DIR/setup.log
if curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/" 2>/dev/null; then
    die "something already serves http://127.0.0.1:$WEB_PORT; stop it (or set WEB_PORT)"
fi

# quietly STEP CMD...: CKAN logs every start-up to the console; keep that in
# setup.log and show it only when the step fails.
quietly() {
    local step=$1
    shift
    "$@" >>"$setup_log" 2>&1 || { tail -n 40 "$setup_log" >&2; die "$step failed (log: $setup_log)"; }
}

solr_pid=""
children=()
stop_all() {
    trap - INT TERM EXIT
    say "Stopping the portal"
    kill ${children[@]+"${children[@]}"} $solr_pid 2>/dev/null || true
    # An idle jobs worker may not see the signal until its blocking Redis
    # read times out (minutes): the signal can land on another of its
    # threads. Idle, it has nothing to lose; give a running job 15 s.
    for _ in $(seq 1 75); do
        local alive=false
        for pid in ${children[@]+"${children[@]}"}; do
            kill -0 "$pid" 2>/dev/null && alive=true
        done
        $alive || break
        sleep 0.2
    done
    kill -KILL ${children[@]+"${children[@]}"} 2>/dev/null || true
    wait ${children[@]+"${children[@]}"} 2>/dev/null || true
    # The stand-in is not our child (solr.sh started it): wait until it has
    # written its index and gone. It saves the index on every commit (write,
    # then rename), so one that does not go in 10 s loses nothing when killed,
    # and must not hold the port against the next run.
    for _ in $(seq 1 50); do
        [ -n "$solr_pid" ] && kill -0 "$solr_pid" 2>/dev/null || break
        sleep 0.2
    done
    if [ -n "$solr_pid" ] && kill -0 "$solr_pid" 2>/dev/null; then
        kill -KILL "$solr_pid" 2>/dev/null || true
    fi
}
trap stop_all INT TERM EXIT
: >"$setup_log"

say "Starting the Solr stand-in on 127.0.0.1:$SOLR_DEV_PORT"
solr_pid=$("$ROOT/scripts/solr.sh" "$SOLR_DEV_PORT" "$DEV_DIR/solr-index-$SUFFIX.json")

say "Catching the portal's emails in $DEV_DIR/mail (SMTP 127.0.0.1:$MAIL_DEV_PORT)"
mkdir -p "$DEV_DIR/mail/cur" "$DEV_DIR/mail/new" "$DEV_DIR/mail/tmp"  # a Maildir
"$PY" -m aiosmtpd -n -l "127.0.0.1:$MAIL_DEV_PORT" -c aiosmtpd.handlers.Mailbox "$DEV_DIR/mail" \
    >"$DEV_DIR/mail.log" 2>&1 &
children+=($!)

say "Initialising the database and applying plugin migrations"
quietly "ckan db init" "${ckan[@]}" db init
quietly "plugin migrations" "${ckan[@]}" db pending-migrations --apply
quietly "search index" "${ckan[@]}" search-index rebuild --only-missing

say "Loading demo data"
quietly "demo data" "$PY" "$ROOT/scripts/demo_data.py" "$ini" "$DEV_DIR/demo-credentials.txt"

say "Starting the background jobs worker"
"${ckan[@]}" jobs worker >"$DEV_DIR/worker.log" 2>&1 &
children+=($!)

say "Starting the web server"
"${ckan[@]}" run -H 127.0.0.1 -p "$WEB_PORT" --disable-reloader >"$DEV_DIR/web.log" 2>&1 &
children+=($!)
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/api/3/action/status_show" 2>/dev/null && break
    kill -0 "${children[-1]}" 2>/dev/null || { tail -n 40 "$DEV_DIR/web.log" >&2; die "the web server stopped"; }
    sleep 0.5
done

cat <<BANNER

  Portal Satu Data (CKAN $CKAN_PIN) is running:
    portal         http://127.0.0.1:$WEB_PORT
    API            http://127.0.0.1:$WEB_PORT/api/3/action/status_show
    config         $ini
    Solr stand-in  http://127.0.0.1:$SOLR_DEV_PORT/solr/ckan   (log: $DEV_DIR/solr-$SOLR_DEV_PORT.log)
    jobs worker    log: $DEV_DIR/worker.log
    setup          log: $setup_log
    emails         $DEV_DIR/mail (Maildir; SMTP 127.0.0.1:$MAIL_DEV_PORT)
    web server     log: $DEV_DIR/web.log
    database       $DEV_DB on $PG_HOST (user $PG_USER)

  Demo accounts (also in $DEV_DIR/demo-credentials.txt):
BANNER
sed 's/^/    /' "$DEV_DIR/demo-credentials.txt"
echo
echo "  Press Ctrl-C to stop."
wait -n "${children[@]}" || true
say "A portal process exited; see the logs in $DEV_DIR"
