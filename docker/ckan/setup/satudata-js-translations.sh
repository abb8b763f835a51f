# Sourced by the base image's start_ckan.sh from /docker-entrypoint.d/:
# CKAN serves the JavaScript translations (/api/i18n/<lang>) from files that
# only `ckan run` builds by itself, and this image serves with uWSGI. The
# build merges the extension's catalogue over CKAN's (README, "Satu bahasa").
ckan -c "$CKAN_INI" translation js
