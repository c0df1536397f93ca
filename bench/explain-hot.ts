/**
 * `node dist/bench/explain-hot.js [--clients N] [--tasks N]`: the plans of the statements the
 * hot read requests send, at volume. Seeds clients and user tasks as `npm run bench:crm` does,
 * boots Flowcard in-process, sends each request once and runs `EXPLAIN (ANALYZE, BUFFERS)` on
 * every statement it sent, with the same parameters (`explain.ts`, as `bench:crm --explain`).
 *
 * Options: --clients N (20000), --tasks N (200000).
 */
import { startThrowawayServices } from '#scripts/lib/throwaway';
import { startFlowcard } from '#scripts/lib/in-process';
import { seedProcessVolume } from '#scripts/seed-volume/process-volume';
import { option } from './figures';
import { captureStatements, explainStatements } from './explain';
import { seedClientVolume } from './volume';

async function main() {
  const clients = option('clients', 20_000);
  const tasks = option('tasks', 200_000);
  const services = await startThrowawayServices('explain-hot');
  const { dataSource } = await seedClientVolume(services.databaseUrl, clients, 1);
  console.log(`Seeding ${tasks} user tasks ...`);
  const counts = await seedProcessVolume(dataSource, tasks);
  await dataSource.query('ANALYZE');
  const [running] = await dataSource.query(
    `SELECT i.id, i.client_id FROM process_instances i JOIN users u ON u.id = i.started_by_id
      WHERE i.status = 'running' AND u.email = 'manager@demo.local' LIMIT 1`,
  );
  const [key] = await dataSource.query(
    `SELECT d.key FROM process_definitions d JOIN process_instances i ON i.definition_id = d.id LIMIT 1`,
  );
  await dataSource.destroy();
  const flowcard = await startFlowcard({ worker: false });
  try {
    const manager = await flowcard.login('manager@demo.local');
    const supervisor = await flowcard.login('supervisor@demo.local');
    console.log(
      `\n${clients} clients, ${counts.tasks} user tasks (${counts.openTasks} open) in ${counts.instances} instances`,
    );
    const requests: [string, string, string][] = [
      ['manager', manager, '/api/tasks?assignee=me'],
      ['manager', manager, '/api/tasks?unassigned=true&role=manager'],
      ['manager', manager, '/api/tasks?claimable=true'],
      ['supervisor', supervisor, '/api/tasks?unassigned=true'],
      ['manager', manager, `/api/tasks?instanceId=${running.id}`],
      ['supervisor', supervisor, '/api/process-instances?status=running'],
      [
        'supervisor',
        supervisor,
        `/api/process-instances?status=completed&definitionKey=${key.key}`,
      ],
      ['supervisor', supervisor, `/api/process-instances?clientId=${running.client_id}`],
      ['manager', manager, `/api/process-instances/${running.id}`],
      ['manager', manager, `/api/clients/${running.client_id}/card`],
    ];
    for (const [who, token, path] of requests) {
      // Once to warm the caches, once to capture.
      await flowcard.api(token, 'GET', path);
      let status = 0;
      const sent = await captureStatements(async () => {
        status = (await flowcard.api(token, 'GET', path)).status;
      });
      console.log(`\n== GET ${path} as ${who}: ${status}, ${sent.length} statements`);
      console.log(await explainStatements(services.databaseUrl, sent));
    }
  } finally {
    await flowcard.stop();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
