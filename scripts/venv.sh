#!/usr/bin/env bash
# Creates .venv/$CKAN_VERSION with CKAN, the pinned requirements and this
# extension installed in editable mode. Skips the work when nothing changed.
set -euo pipefail
source "$(dirname "$0")/env.sh"

"$ROOT/scripts/system.sh"

stamp=$VENV/.satudata-stamp
want=$(cat "$ROOT/requirements.txt" "$ROOT/dev-requirements.txt" "$ROOT/pyproject.toml" \
    | sha256sum | cut -c1-16)-$CKAN_PIN
compile_catalogues() {
    "$VENV/bin/pybabel" -q compile -D ckanext-satudata -d "$ROOT/ckanext/satudata/i18n"
}
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$PY" -c 'import ckanext.satudata' 2>/dev/null; then
    compile_catalogues
    exit 0
fi

say "Preparing $VENV (CKAN $CKAN_PIN)"
[ -x "$PY" ] || python3 -m venv "$VENV"
# The machine-wide pip config may name local mirrors that do not exist; pip
# warns about each one per package, which buries real errors.
pip() { "$PY" -m pip -q --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2); }
pip install -U pip
pip install "ckan[requirements]==$CKAN_PIN" -r "$ROOT/requirements.txt" -r "$ROOT/dev-requirements.txt"
pip install --no-deps -e "$ROOT"
compile_catalogues
echo "$want" > "$stamp"
