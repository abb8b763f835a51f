#!/bin/sh
# First start of the db service: CKAN's DataStore database beside the CKAN
# database, and its read-only user. The ckan service's start-up (the base
# image's prerun) then applies `ckan datastore set-permissions`.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<EOSQL
CREATE ROLE "$DATASTORE_READONLY_USER" NOSUPERUSER NOCREATEDB NOCREATEROLE LOGIN PASSWORD '$DATASTORE_READONLY_PASSWORD';
CREATE DATABASE "$DATASTORE_DB" OWNER "$POSTGRES_USER" ENCODING 'utf-8';
EOSQL
