#!/bin/sh
# Runs once, as the Postgres superuser, when the data volume is first initialised, after
# 10-flowcard-roles.sh. Temporal gets a role of its own, not a superuser, that owns its two
# databases and nothing else; temporal-schema (admin-tools) applies
# the schemas as this role and the server connects as it. btree_gin, which Temporal's visibility
# schema asks for, is created here so that the role needs no right to create extensions.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;

\connect temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
SQL
