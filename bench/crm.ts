/**
 * `npm run bench:crm`: the CRM read paths at volume. Starts its own Postgres and Temporal,
 * seeds N clients with `npm run seed`'s code, boots Flowcard in-process and times
 * `GET /api/search` (varied queries taken from the data, typos included) and
 * `GET /api/clients/:id/card` (clients with activity) as a manager and as an admin; with
 * `--tasks N` user tasks of process instances over those clients, also the task lists (my
 * open tasks, the group's unassigned tasks) and the instance list with filters.
 * Prints figures; it never fails on time.
 *
 * Options: --clients N (100000), --tasks N (1000000; 0 for none), --requests N per measured
 * series (300), --seed N (1), --explain (after the figures, the SQL of each series' first and
 * slowest request with its `EXPLAIN (ANALYZE, BUFFERS)`, see explain.ts).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { startThrowawayServices } from '#scripts/lib/throwaway';
import { seedClientVolume } from './volume';
import { option, percentile } from './figures';
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { Random } from '#scripts/seed-volume/index';
import { ProcessVolumeCounts, seedProcessVolume } from '#scripts/seed-volume/process-volume';
import { captureStatements, explainStatements } from './explain';

const WARM_UP_REQUESTS = 20;

/** One measured series: the same kind of request, as one user, over these paths. */
interface MeasuredSeries {
  label: string;
  token: string;
  paths: string[];
}

/** One letter dropped, doubled or swapped with the next: the typos people make. */
function typo(random: Random, word: string): string {
  if (word.length < 5) return word;
  const at = random.int(1, word.length - 3);
  switch (random.int(0, 2)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word[at] + word.slice(at);
    default:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  }
}

/** Search queries as people type them, taken from the seeded data. */
async function searchQueries(dataSource: DataSource, random: Random): Promise<string[]> {
  const clients: { name: string; emails: string[]; phones: string[]; tags: string[] }[] =
    await dataSource.query(
      `SELECT name, emails, phones, tags FROM clients TABLESAMPLE SYSTEM (5) REPEATABLE (1) LIMIT 200`,
    );
  const deals: { title: string }[] = await dataSource.query(
    `SELECT title FROM deals TABLESAMPLE SYSTEM (10) REPEATABLE (1) LIMIT 50`,
  );
  const queries: string[] = [];
  for (const client of clients) {
    const words = client.name.split(' ');
    const pick = random.int(0, 7);
    if (pick === 0) queries.push(client.name);
    if (pick === 1) queries.push(words.map((word) => typo(random, word)).join(' '));
    if (pick === 2) queries.push(words[0].slice(0, Math.max(3, words[0].length - 2)));
    if (pick === 3 && client.emails[0]) queries.push(client.emails[0]);
    if (pick === 4 && client.emails[0]) queries.push(client.emails[0].split('@')[1].split('.')[0]);
    if (pick === 5 && client.phones[0]) queries.push(client.phones[0]);
    if (pick === 6 && client.phones[0]) queries.push(client.phones[0].replace(/\D/g, '').slice(-7));
    if (pick === 7) queries.push(client.tags[0] ?? typo(random, words[words.length - 1]));
  }
  for (const deal of deals) {
    const [, product] = deal.title.split(': ');
    queries.push(`${product.split(' ')[0]} ${deal.title.split(' ')[0]}`);
  }
  return queries.filter((query) => query.trim().length >= 2);
}

async function time(
  flowcard: Flowcard,
  token: string,
  paths: string[],
  requests: number,
  random: Random,
): Promise<{ path: string; ms: number }[]> {
  const call = async (path: string) => {
    const started = performance.now();
    const response = await flowcard.api(token, 'GET', path);
    const elapsed = performance.now() - started;
    if (response.status !== 200) {
      throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return elapsed;
  };
  for (let index = 0; index < WARM_UP_REQUESTS; index++) await call(random.pick(paths));
  const timings: { path: string; ms: number }[] = [];
  for (let index = 0; index < requests; index++) {
    const path = random.pick(paths);
    timings.push({ path, ms: await call(path) });
  }
  return timings;
}

async function main() {
  const clients = option('clients', 100_000);
  const requests = option('requests', 300);
  const seed = option('seed', 1);
  const tasks = option('tasks', 1_000_000);
  console.log('Starting Postgres and Temporal for the benchmark ...');
  const services = await startThrowawayServices('bench-crm');
  let flowcard: Flowcard | undefined;
  try {
    const { dataSource, counts, seedStartedAt } = await seedClientVolume(
      services.databaseUrl,
      clients,
      seed,
    );
    let processCounts: ProcessVolumeCounts | undefined;
    if (tasks > 0) {
      console.log(`Seeding ${tasks} user tasks ...`);
      processCounts = await seedProcessVolume(dataSource, tasks);
    }
    await dataSource.query('ANALYZE');
    const seedSeconds = (performance.now() - seedStartedAt) / 1000;

    const random = new Random(seed);
    const queries = await searchQueries(dataSource, random);
    const withActivity = async (emails: string[]) =>
      (
        await dataSource.query(
          `SELECT c.id FROM clients c TABLESAMPLE SYSTEM (5) REPEATABLE (2)
            JOIN users owner ON owner.id = c.owner_id
           WHERE owner.email = ANY($1)
             AND EXISTS (SELECT 1 FROM activities a WHERE a.client_id = c.id)
           LIMIT 500`,
          [emails],
        )
      ).map((row: { id: string }) => `/api/clients/${row.id}/card`);
    // The manager's cards are of their own team (North); the admin's of anyone's.
    const managerCards = await withActivity(['manager@demo.local', 'noah@demo.local']);
    const adminCards = await withActivity([
      'manager@demo.local',
      'noah@demo.local',
      'sara@demo.local',
    ]);
    const [busiestProcess]: { key: string }[] = await dataSource.query(
      `SELECT d.key FROM process_instances i JOIN process_definitions d ON d.id = i.definition_id
        GROUP BY d.key ORDER BY count(*) DESC LIMIT 1`,
    );
    const instanceClients: string[] = (
      await dataSource.query(
        `SELECT DISTINCT client_id FROM process_instances TABLESAMPLE SYSTEM (5) REPEATABLE (3)
          WHERE client_id IS NOT NULL LIMIT 200`,
      )
    ).map((row: { client_id: string }) => row.client_id);
    await dataSource.destroy();
    flowcard = await startFlowcard({ workflowBundlePath: await services.workflowBundle() });
    const manager = await flowcard.login('manager@demo.local');
    const admin = await flowcard.login('admin@demo.local');
    const supervisor = await flowcard.login('supervisor@demo.local');
    const searchPaths = queries.map((q) => `/api/search?${new URLSearchParams({ q })}`);

    const measured: MeasuredSeries[] = [
      { label: 'GET /api/search as a manager', token: manager, paths: searchPaths },
      { label: 'GET /api/search as an admin', token: admin, paths: searchPaths },
      { label: 'GET /api/clients/:id/card as a manager', token: manager, paths: managerCards },
      { label: 'GET /api/clients/:id/card as an admin', token: admin, paths: adminCards },
    ];
    if (processCounts) {
      measured.push(
        {
          label: 'GET /api/tasks my open tasks (manager)',
          token: manager,
          paths: ['/api/tasks?assignee=me', '/api/tasks?assignee=me&overdue=true'],
        },
        {
          label: 'GET /api/tasks unassigned (manager)',
          token: manager,
          paths: ['/api/tasks?unassigned=true', '/api/tasks?unassigned=true&role=manager'],
        },
        {
          // What the task list screen reads (designer/src/tasks-view.ts), both lists.
          label: 'GET /api/tasks task list screen (manager)',
          token: manager,
          paths: [
            '/api/tasks?assignee=me&overdue=true&limit=200',
            '/api/tasks?assignee=me&order=desc&limit=200',
            '/api/tasks?claimable=true&overdue=true&limit=200',
            '/api/tasks?claimable=true&order=desc&limit=200',
          ],
        },
        {
          label: 'GET /api/process-instances filtered (supervisor)',
          token: supervisor,
          paths: [
            '/api/process-instances?status=running',
            `/api/process-instances?status=completed&definitionKey=${busiestProcess?.key}`,
            ...instanceClients.map((id) => `/api/process-instances?clientId=${id}`),
          ],
        },
      );
    }
    console.log(`Timing ${requests} requests per series, one at a time ...`);
    const loadBefore = loadavg()[0];
    const series: [string, { path: string; ms: number }[]][] = [];
    for (const { label, token, paths } of measured) {
      series.push([label, await time(flowcard, token, paths, requests, random)]);
    }

    console.log(`
Flowcard CRM benchmark
  machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${loadBefore.toFixed(1)} before the requests, ${loadavg()[0].toFixed(1)} after
  data: ${clients} clients (${counts?.companies} companies, ${counts?.people} people), ${counts?.deals} deals, ${counts?.activities} activities, ${counts?.statusChanges} status changes${processCounts ? `, ${processCounts.tasks} user tasks (${processCounts.openTasks} open) in ${processCounts.instances} instances` : ''}; seeded in ${seedSeconds.toFixed(1)} s
  ${queries.length} search queries (names, typos, prefixes, emails, domains, phones, tags, deal words)`);
    for (const [label, samples] of series) {
      const timings = samples.map((sample) => sample.ms);
      const mean = timings.reduce((sum, value) => sum + value, 0) / timings.length;
      console.log(
        `  ${label.padEnd(48)} p50 ${percentile(timings, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(timings, 95).toFixed(1).padStart(7)} ms   mean ${mean.toFixed(1).padStart(7)} ms   (${timings.length} requests)`,
      );
    }
    const slowest = series
      .slice(0, 2)
      .flatMap(([label, samples]) => samples.map((sample) => ({ ...sample, label })))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
    console.log('  slowest searches:');
    for (const { path, ms, label } of slowest) {
      const q = new URLSearchParams(path.split('?')[1]).get('q');
      console.log(
        `    ${ms.toFixed(1).padStart(7)} ms  ${JSON.stringify(q)} (${label.split(' as ')[1]})`,
      );
    }
    if (process.argv.includes('--explain')) {
      for (const [index, { label, token }] of measured.entries()) {
        const samples = series[index][1];
        const slowest = samples.reduce((a, b) => (b.ms > a.ms ? b : a));
        for (const path of new Set([samples[0].path, slowest.path])) {
          const statements = await captureStatements(() => flowcard!.api(token, 'GET', path));
          console.log(`\n  ${label}: GET ${path}, ${statements.length} statements`);
          console.log(await explainStatements(services.databaseUrl, statements));
        }
      }
    }
  } finally {
    await flowcard?.stop();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
