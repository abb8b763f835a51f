#!/bin/sh
# The jobs worker's entry point. The base image's start_ckan.sh (which the
# web container runs) writes CKAN__PLUGINS into ckan.ini before ckanext-envvars
# can apply the other variables; this container does not run it, so it does
# the same before starting the worker. The database is initialised by then:
# compose starts the worker once the web container is healthy.
set -eu
ckan config-tool "$CKAN_INI" "ckan.plugins = $CKAN__PLUGINS"
exec ckan -c "$CKAN_INI" jobs worker
