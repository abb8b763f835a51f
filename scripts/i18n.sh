#!/usr/bin/env bash
# Extracts the translatable strings into the .pot, merges them into the
# Bahasa Indonesia (source language) and English catalogues, and compiles them.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
dir=ckanext/satudata/i18n
pot=$dir/ckanext-satudata.pot
"$VENV/bin/pybabel" -q extract -F babel.cfg --no-location --sort-output \
    -k _ -k ungettext:1,2 -k tk._ -c TRANSLATORS: -w 79 \
    --ignore-dirs=tests --project ckanext-satudata -o "$pot" ckanext/satudata
for locale in id en; do
    if [ -f "$dir/$locale/LC_MESSAGES/ckanext-satudata.po" ]; then
        "$VENV/bin/pybabel" -q update -D ckanext-satudata -i "$pot" -d "$dir" -l "$locale" --no-fuzzy-matching -w 79
    else
        "$VENV/bin/pybabel" -q init -D ckanext-satudata -i "$pot" -d "$dir" -l "$locale"
    fi
done
"$VENV/bin/pybabel" -q compile -D ckanext-satudata -d "$dir" --statistics
