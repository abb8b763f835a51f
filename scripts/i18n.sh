#!/usr/bin/env bash
# Extracts the translatable strings into the .pot, merges them into the
# Bahasa Indonesia (source language) and English catalogues, and compiles them.
# The id catalogue also carries the CKAN core messages of the portal's pages
# that CKAN's own id catalogue lacks (babel-ckan-core.cfg, and
# babel-ckan-js.cfg for its JavaScript, from every CKAN version installed
# under .venv/): CKAN merges it over its own.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
dir=ckanext/satudata/i18n
pot=$dir/ckanext-satudata.pot
id_po=$dir/id/LC_MESSAGES/ckanext-satudata.po
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$VENV/bin/pybabel" -q extract -F babel.cfg --no-location --sort-output \
    -k _ -k ungettext:1,2 -k tk._ -c TRANSLATORS: -w 79 \
    --ignore-dirs=tests --project ckanext-satudata -o "$pot" ckanext/satudata
sources=()
i18n_dirs=()
for venv in "$ROOT"/.venv/*/; do
    site=$("$venv/bin/python" -c 'import ckan, os; print(os.path.dirname(os.path.dirname(ckan.__file__)))')
    core_pot=$work/core-$(basename "$venv").pot
    "$venv/bin/pybabel" -q extract -F babel-ckan-core.cfg --no-location \
        --sort-output -k _ -k ungettext:1,2 -w 79 -o "$core_pot" \
        "$site/ckan" "$site/ckanext/activity" "$site/ckanext/scheming"
    js_pot=$work/core-js-$(basename "$venv").pot
    "$venv/bin/pybabel" -q extract -F babel-ckan-js.cfg --no-location \
        --sort-output -k _ -k ngettext:1,2 -w 79 -o "$js_pot" \
        "$site/ckan" "$site/ckanext/datastore" "$site/ckanext/datatablesview"
    sources+=("$core_pot=$site/ckan/i18n" "$js_pot=$site/ckan/i18n")
    i18n_dirs+=("$site/ckan/i18n")
done
"$PY" tools/ckan_core_catalogue.py template "$pot" "$id_po" "$work/id.pot" "${sources[@]}"
for locale in id en; do
    template=$pot
    [ "$locale" = id ] && template=$work/id.pot
    if [ -f "$dir/$locale/LC_MESSAGES/ckanext-satudata.po" ]; then
        "$VENV/bin/pybabel" -q update -D ckanext-satudata -i "$template" -d "$dir" -l "$locale" --no-fuzzy-matching -w 79
    else
        "$VENV/bin/pybabel" -q init -D ckanext-satudata -i "$template" -d "$dir" -l "$locale"
    fi
done
"$PY" tools/ckan_core_catalogue.py source-forms "$id_po" "${i18n_dirs[@]}"
"$VENV/bin/pybabel" -q compile -D ckanext-satudata -d "$dir" --statistics
