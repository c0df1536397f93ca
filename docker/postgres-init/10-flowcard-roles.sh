#!/bin/sh
# Runs once, as the Postgres superuser, when the data volume is first initialised (the official
# image runs /docker-entrypoint-initdb.d/*). It gives Flowcard two roles of its own, neither a
# superuser:
#   flowcard_owner  owns the database "flowcard" and its schema; only migrations connect as it;
#   flowcard_app    what the API and the worker connect as: read and write rows, nothing else
#                   (no DDL, no other database, no role or extension management).
# Tables and sequences that migrations create later get their grants through default privileges.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$FLOWCARD_OWNER_PASSWORD" \
  -v app_password="$FLOWCARD_APP_PASSWORD" <<'SQL'
CREATE ROLE flowcard_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE flowcard_app LOGIN PASSWORD :'app_password';
CREATE DATABASE flowcard OWNER flowcard_owner;
REVOKE ALL ON DATABASE flowcard FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE flowcard TO flowcard_app;

\connect flowcard
-- pg_trgm backs client search; created here so that migrations need no superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER SCHEMA public OWNER TO flowcard_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO flowcard_app;
ALTER DEFAULT PRIVILEGES FOR ROLE flowcard_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO flowcard_app;
ALTER DEFAULT PRIVILEGES FOR ROLE flowcard_owner IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO flowcard_app;
ALTER DEFAULT PRIVILEGES FOR ROLE flowcard_owner IN SCHEMA public
  GRANT EXECUTE ON FUNCTIONS TO flowcard_app;
SQL
