#!/usr/bin/env bash
# A developer's inner loop: `scripts/dev-pytest.sh [PYTEST ARGS]` runs pytest
# on one CKAN version (CKAN_VERSION, default 2.11) against that version's test
# database, Redis db and Solr stand-in, as make test does; the stand-in is
# started when none answers on its port and left running for the next call.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/venv.sh" >/dev/null
"$ROOT/scripts/services.sh" >/dev/null
if ! curl -fsS "http://127.0.0.1:$SOLR_TEST_PORT/solr/ckan/select?q=*:*&rows=0&wt=json" \
        >/dev/null 2>&1; then
    "$ROOT/scripts/solr.sh" "$SOLR_TEST_PORT" >/dev/null
fi
export CKAN_SQLALCHEMY_URL=postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST/$TEST_DB
export CKAN_SOLR_URL=http://127.0.0.1:$SOLR_TEST_PORT/solr/ckan
export CKAN_DATASTORE_WRITE_URL=postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST/$DS_TEST_DB
export CKAN_DATASTORE_READ_URL=postgresql://$DS_READ_USER:$DS_READ_PASSWORD@$PG_HOST/$DS_TEST_DB
export CKAN_REDIS_URL=redis://127.0.0.1:6379/$REDIS_TEST_DB
export CKAN_STORAGE_PATH=$DEV_DIR/test-storage-$SUFFIX${SATUDATA_SLOT:+-s$SATUDATA_SLOT}
mkdir -p "$CKAN_STORAGE_PATH"
exec ${PYWRAP:-} "$VENV/bin/pytest" "$@"
