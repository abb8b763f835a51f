# Shared settings for the dev and test scripts. Sourced, never run.
# Everything a script needs is derived from CKAN_VERSION so that 2.11 and 2.12
# can live side by side: one virtualenv, database pair and Solr port each.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CKAN_VERSION=${CKAN_VERSION:-2.11}
case "$CKAN_VERSION" in
    2.11) CKAN_PIN=2.11.6; SOLR_TEST_PORT=8984; REDIS_TEST_DB=11 ;;
    2.12) CKAN_PIN=2.12.0; SOLR_TEST_PORT=8985; REDIS_TEST_DB=12 ;;
    *) echo "CKAN_VERSION must be 2.11 or 2.12 (got '$CKAN_VERSION')" >&2; exit 2 ;;
esac
SUFFIX=${CKAN_VERSION/./_}
VENV=$ROOT/.venv/$CKAN_VERSION
PY=$VENV/bin/python
# make test points these at a scratch portal to check `make run` itself.
DEV_DIR=${SATUDATA_DEV_DIR:-$ROOT/.dev}
PG_HOST=127.0.0.1
PG_USER=ckan_default
PG_PASSWORD=pass
DEV_DB=${SATUDATA_DEV_DB:-satudata_dev_$SUFFIX}
TEST_DB=satudata_test_$SUFFIX
# SATUDATA_SLOT=1..6 gives a second checkout its own test database, Solr
# stand-in port and Redis db, so that two checkouts can run tests side by side.
if [ -n "${SATUDATA_SLOT:-}" ]; then
    TEST_DB=${TEST_DB}_s$SATUDATA_SLOT
    SOLR_TEST_PORT=$((SOLR_TEST_PORT + 100 * SATUDATA_SLOT))
    # Redis has 16 databases: 1 is make run's, 11-14 make test's; a slot
    # takes two of the rest (slot 6 shares one between the versions).
    slot_dbs=(x "2 3" "4 5" "6 7" "8 9" "10 15" "0 0")
    read -r -a pair <<<"${slot_dbs[$SATUDATA_SLOT]}"
    REDIS_TEST_DB=${pair[$(( ${SUFFIX#2_} - 11 ))]}
fi
# CKAN's DataStore: a database beside each CKAN database, written by
# PG_USER, read by a read-only role.
DS_DEV_DB=satudata_ds_${DEV_DB#satudata_}
DS_TEST_DB=satudata_ds_${TEST_DB#satudata_}
DS_READ_USER=datastore_default
DS_READ_PASSWORD=pass
SOLR_DEV_PORT=${SOLR_DEV_PORT:-8983}
REDIS_DEV_DB=${SATUDATA_REDIS_DB:-1}
WEB_PORT=${WEB_PORT:-5000}
MAIL_DEV_PORT=${MAIL_DEV_PORT:-8025}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
