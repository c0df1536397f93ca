#!/bin/sh
# One-shot, from temporalio/admin-tools: brings Temporal's two databases to the schema of the
# server version (safe to repeat on every `up`: setup-schema only on an empty database), then
# registers the namespace once the server answers (temporal-create-namespace).
set -eu
tool() {
  temporal-sql-tool --plugin postgres12 --ep postgres -p 5432 -u temporal --pw "$TEMPORAL_DB_PASSWORD" "$@"
}
for db in temporal temporal_visibility; do
  schema=$([ "$db" = temporal ] && echo temporal || echo visibility)
  tool --db "$db" setup-schema -v 0.0 2>/dev/null || true
  tool --db "$db" update-schema -d "/etc/temporal/schema/postgresql/v12/$schema/versioned"
done
