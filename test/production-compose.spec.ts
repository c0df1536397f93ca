/**
 * The hardening of docker/compose.yml that `docker-compose config -q` cannot judge: what is
 * published, and which database role each process connects as. Read as text: the file is small
 * and its shape is ours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const compose = readFileSync(join(__dirname, '../docker/compose.yml'), 'utf8');
const initScript = readFileSync(
  join(__dirname, '../docker/postgres-init/10-flowcard-roles.sh'),
  'utf8',
);
const temporalInitScript = readFileSync(
  join(__dirname, '../docker/postgres-init/20-temporal-role.sh'),
  'utf8',
);

/** The lines of one top-level service, up to the next one. */
function service(name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`no service ${name}`);
  const next = compose.slice(start + 1).search(/\n {2}[\w-]+:\n/);
  return next < 0 ? compose.slice(start) : compose.slice(start, start + 1 + next);
}

describe('docker/compose.yml', () => {
  it('publishes the Temporal UI on the loopback interface only, write actions off by default', () => {
    const ui = service('temporal-ui');
    const published = [...ui.matchAll(/^\s+- '([^']+)'$/gm)].map((match) => match[1]);
    expect(published).toEqual(['127.0.0.1:${TEMPORAL_UI_PORT:-8080}:8080']);
    expect(ui).toContain(
      'TEMPORAL_DISABLE_WRITE_ACTIONS: ${TEMPORAL_UI_DISABLE_WRITE_ACTIONS:-true}',
    );
  });

  it('connects the API and the worker as flowcard_app and migrates as flowcard_owner', () => {
    const urls = [...compose.matchAll(/DATABASE_URL: postgres:\/\/(\w+):/g)].map((m) => m[1]);
    expect(urls.sort()).toEqual(['flowcard_app', 'flowcard_owner']);
    expect(service('flowcard-migrate')).toContain('postgres://flowcard_owner:');
    expect(compose).toContain('./postgres-init:/docker-entrypoint-initdb.d:ro');
  });

  it('gives the app role rows only: no superuser, no DDL, no role or database creation', () => {
    expect(initScript).toMatch(/CREATE ROLE flowcard_app LOGIN PASSWORD/);
    expect(initScript).not.toMatch(/SUPERUSER|CREATEDB|CREATEROLE|BYPASSRLS/);
    expect(initScript).toMatch(/GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO flowcard_app/);
    expect(initScript).not.toMatch(/GRANT (ALL|CREATE)[^;]*flowcard_app/);
    expect(initScript).toMatch(/CREATE DATABASE flowcard OWNER flowcard_owner/);
  });

  it('connects Temporal as its own role temporal, owner of its two databases only', () => {
    const temporal = service('temporal');
    expect(temporal).toContain('POSTGRES_USER: temporal\n');
    expect(temporal).toContain('POSTGRES_PWD: ${TEMPORAL_DB_PASSWORD:-change-me}');
    expect(service('temporal-schema')).toContain(
      'TEMPORAL_DB_PASSWORD: ${TEMPORAL_DB_PASSWORD:-change-me}',
    );
    expect(compose).not.toMatch(/POSTGRES_PWD: \$\{POSTGRES_PASSWORD/);
    expect(temporalInitScript).toMatch(/CREATE ROLE temporal LOGIN PASSWORD/);
    expect(temporalInitScript).not.toMatch(/SUPERUSER|CREATEDB|CREATEROLE|BYPASSRLS/);
    expect(temporalInitScript).toMatch(/CREATE DATABASE temporal OWNER temporal;/);
    expect(temporalInitScript).toMatch(/CREATE DATABASE temporal_visibility OWNER temporal;/);
  });

  it('runs the Temporal server version the cluster test builds', () => {
    const clusterServer = readFileSync(
      join(__dirname, '../scripts/lib/temporal-server.ts'),
      'utf8',
    );
    const version = /TEMPORAL_SERVER_VERSION = 'v([\d.]+)'/.exec(clusterServer)?.[1];
    expect(service('temporal')).toContain(`image: temporalio/server:${version}`);
    expect(service('temporal-schema')).toContain(`image: temporalio/admin-tools:${version}`);
  });

  it('puts two API processes behind the proxy and runs the workers as replicas', () => {
    expect(service('flowcard-proxy')).toContain(
      'FLOWCARD_PROXY_TARGETS: http://flowcard-api-1:3000,http://flowcard-api-2:3000',
    );
    expect(service('flowcard-api-2')).toContain('<<: *flowcard-api');
    expect(service('flowcard-worker')).toContain('replicas: ${FLOWCARD_WORKERS:-2}');
  });
});
