/**
 * `npm run bench:ui`: how long the task list and the client card take to show their first screen
 * in a real browser at volume. Starts its own Postgres and Temporal, seeds N clients with
 * `npm run seed`'s code and the open user tasks of a deployed process (bulk inserts, as the seed
 * writes), boots Flowcard serving the built designer and drives Debian's Chromium with
 * playwright-core. Prints figures and one JSON line; it never fails on time.
 *
 * A sample runs from the navigation's start (the page's time origin) to the first animation
 * frame after the screen's first content is in the DOM: the task list's first row, or the client
 * card's name with the first timeline entries. "First visit" opens a new browser context (empty
 * cache) per sample; "return visit" a new page in a context that has loaded the app before.
 *
 * Options: --clients N (100000), --tasks N (1000), --samples N per series (30), --seed N (1),
 * --designer DIR (another build of the designer to serve, to compare; designer/dist).
 */
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Browser, BrowserContext, chromium } from 'playwright-core';
import { DataSource } from 'typeorm';
import { repoRoot } from '#server/common/repo-root';
import { DEMO_PASSWORD } from '#server/seed/demo-seed';
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { startThrowawayServices } from '#scripts/lib/throwaway';
import { seedClientVolume } from './volume';
import { option, percentile, textOption } from './figures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const WARM_UP_SAMPLES = 3;
const MANAGER = 'manager@demo.local';

/** In the page: true once the screen's first content is there (the designer's own markup). */
const FIRST_SCREEN = {
  tasks: `document.querySelector('[data-testid="my-tasks"] tr[data-id] a') !== null`,
  card:
    `document.querySelector('[data-testid="timeline"] li:not(.muted)') !== null && ` +
    `document.querySelector('.client-card h2')?.textContent !== 'Loading client…'`,
} as const;
type Screen = keyof typeof FIRST_SCREEN;

const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions_bench_ui" targetNamespace="http://flowcard.dev/bench">
  <bpmn:process id="bench-ui-follow-up" name="Follow up a client" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="FollowUp" name="Follow up"><bpmn:extensionElements><flowcard:taskDefinition candidateRole="manager" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="FollowUp" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="FollowUp" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>
`;

/**
 * `count` running instances of the bench process, each waiting on an open user task about one of
 * the manager's clients (spread over the whole table, not its first ids): half assigned to the
 * manager, half unassigned for any manager to claim; one in five overdue. Written the way the
 * seed writes (one statement), not through Temporal.
 */
async function seedOpenTasks(
  dataSource: DataSource,
  definitionId: string,
  count: number,
): Promise<void> {
  const [manager] = await dataSource.query(`SELECT id FROM users WHERE email = $1`, [MANAGER]);
  await dataSource.query(
    `WITH picked AS (
       SELECT id AS client_id, row_number() OVER (ORDER BY md5(id::text)) AS n
         FROM clients WHERE owner_id = $2 ORDER BY md5(id::text) LIMIT $3
     ), started AS (
       INSERT INTO process_instances (workflow_id, definition_id, client_id, status, variables, started_by_id, started_at)
       SELECT 'bench-ui-' || n, $1, client_id, 'running', '{}'::jsonb, $2, now() - n * interval '7 minutes'
         FROM picked
       RETURNING id, client_id, workflow_id, started_at
     )
     INSERT INTO user_tasks (instance_id, client_id, element_id, name, wait_key, assignee_id,
                             candidate_role, status, due_at, created_at)
     SELECT started.id, started.client_id, 'FollowUp', 'Follow up', started.workflow_id || ':FollowUp',
            CASE WHEN picked.n % 2 = 0 THEN $2::uuid END, 'manager', 'open',
            CASE WHEN picked.n % 5 = 0 THEN now() - interval '1 day' ELSE now() + picked.n * interval '1 hour' END,
            started.started_at
       FROM started JOIN picked ON started.workflow_id = 'bench-ui-' || picked.n`,
    [definitionId, manager.id, count],
  );
}

interface Session {
  accessToken: string;
  user: unknown;
}

/** A browser context signed in as the manager (the designer keeps its session there). */
async function signedInContext(browser: Browser, session: Session): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    ([token, user]) => {
      sessionStorage.setItem('flowcard.token', token);
      sessionStorage.setItem('flowcard.user', user);
    },
    [session.accessToken, JSON.stringify(session.user)],
  );
  return context;
}

/** Where a navigation's time went, in milliseconds from its start. */
interface Sample {
  /** The first frame painted after the first screen's content was in the DOM. */
  firstScreen: number;
  /** The app's scripts and styles loaded and run (DOMContentLoaded has ended). */
  appStarted: number;
  /** The last API response the screen waited for arrived. */
  lastApiResponse: number;
}

/** One navigation, timed in the page from its time origin. */
async function firstScreen(context: BrowserContext, url: string, screen: Screen): Promise<Sample> {
  const page = await context.newPage();
  try {
    await page.addInitScript(`(() => {
      const done = () => ${FIRST_SCREEN[screen]};
      const check = () => {
        if (window.__firstScreenMs !== undefined || !done()) return;
        window.__firstScreenMs = null;
        requestAnimationFrame(() => { window.__firstScreenMs = performance.now(); });
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
    })()`);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (window as unknown as { __firstScreenMs?: number | null }).__firstScreenMs || null,
      undefined,
      { timeout: 30_000 },
    );
    // A string: this runs in the page, whose DOM types the node build does not have.
    return (await page.evaluate(`(() => {
      const firstScreen = window.__firstScreenMs;
      const navigation = performance.getEntriesByType('navigation')[0];
      const api = performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.startsWith('/api/'))
        .filter((entry) => entry.responseEnd <= firstScreen);
      return {
        firstScreen,
        appStarted: navigation.domContentLoadedEventEnd,
        lastApiResponse: Math.max(0, ...api.map((entry) => entry.responseEnd)),
      };
    })()`)) as Sample;
  } finally {
    await page.close();
  }
}

async function series(
  browser: Browser,
  session: Session,
  urls: () => string,
  screen: Screen,
  samples: number,
  visit: 'first' | 'return',
): Promise<Sample[]> {
  const shared = visit === 'return' ? await signedInContext(browser, session) : undefined;
  const sample = async () => {
    const context = shared ?? (await signedInContext(browser, session));
    try {
      return await firstScreen(context, urls(), screen);
    } finally {
      if (!shared) await context.close();
    }
  };
  try {
    for (let index = 0; index < WARM_UP_SAMPLES; index++) await sample();
    const measured: Sample[] = [];
    for (let index = 0; index < samples; index++) measured.push(await sample());
    return measured;
  } finally {
    await shared?.close();
  }
}

/** Server time of the requests behind each screen, as the browser would send them. */
async function requestTimings(
  flowcard: Flowcard,
  token: string,
  paths: string[],
): Promise<number[]> {
  const timings: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await flowcard.api(token, 'GET', path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    timings.push(performance.now() - started);
  }
  return timings;
}

async function main() {
  const clients = option('clients', 100_000);
  const tasks = option('tasks', 1000);
  const samples = option('samples', 30);
  const seed = option('seed', 1);
  const designerDir = textOption('designer') ?? join(repoRoot(), 'designer/dist');
  if (!existsSync(join(designerDir, 'index.html'))) {
    throw new Error(`${designerDir} has no build: run 'npm run build' first`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM} (set CHROMIUM_PATH)`);

  console.log('Starting Postgres and Temporal for the benchmark ...');
  const services = await startThrowawayServices('bench-ui');
  let flowcard: Flowcard | undefined;
  let browser: Browser | undefined;
  try {
    const { dataSource, counts, seedStartedAt } = await seedClientVolume(
      services.databaseUrl,
      clients,
      seed,
    );
    const seedSeconds = (performance.now() - seedStartedAt) / 1000;
    await dataSource.destroy();

    flowcard = await startFlowcard({
      worker: false,
      workflowBundlePath: await services.workflowBundle(),
      designerDir,
    });
    const admin = await flowcard.login('admin@demo.local');
    const deployed = await flowcard.api(
      admin,
      'POST',
      '/api/process-definitions',
      DIAGRAM,
      'application/xml',
    );
    if (deployed.status !== 201) throw new Error(`deploy: ${JSON.stringify(deployed.body)}`);
    console.log(`Seeding ${tasks} open user tasks ...`);
    await seedOpenTasks(flowcard.dataSource, deployed.body.id, tasks);
    await flowcard.dataSource.query('ANALYZE');
    const [{ count: openTasks }] = await flowcard.dataSource.query(
      `SELECT count(*)::int AS count FROM user_tasks WHERE status = 'open'`,
    );
    const cardClients: string[] = (
      await flowcard.dataSource.query(
        `SELECT c.id FROM clients c TABLESAMPLE SYSTEM (5) REPEATABLE (2)
          JOIN users owner ON owner.id = c.owner_id
         WHERE owner.email = $1 AND EXISTS (SELECT 1 FROM activities a WHERE a.client_id = c.id)
         LIMIT 200`,
        [MANAGER],
      )
    ).map((row: { id: string }) => row.id);

    const login = await flowcard.api(null, 'POST', '/api/auth/login', {
      email: MANAGER,
      password: DEMO_PASSWORD,
    });
    if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const session = login.body as Session;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const base = flowcard.baseUrl;
    let next = 0;
    const taskListUrl = () => `${base}/#/tasks`;
    const cardUrl = () => `${base}/#/clients/${cardClients[next++ % cardClients.length]}`;

    console.log(
      `Measuring ${samples} navigations per series after ${WARM_UP_SAMPLES} unmeasured ...`,
    );
    const results: { label: string; key: string; samples: Sample[] }[] = [];
    for (const visit of ['first', 'return'] as const) {
      results.push({
        label: `task list, ${visit} visit`,
        key: `tasks_${visit}`,
        samples: await series(browser, session, taskListUrl, 'tasks', samples, visit),
      });
      results.push({
        label: `client card, ${visit} visit`,
        key: `card_${visit}`,
        samples: await series(browser, session, cardUrl, 'card', samples, visit),
      });
    }
    const token = session.accessToken;
    const taskRequests = await requestTimings(
      flowcard,
      token,
      Array.from({ length: samples }, (_, index) =>
        index % 2
          ? '/api/tasks?assignee=me&order=desc&limit=200'
          : '/api/tasks?unassigned=true&order=desc&limit=200',
      ),
    );
    const cardRequests = await requestTimings(
      flowcard,
      token,
      cardClients.slice(0, samples).map((id) => `/api/clients/${id}/card`),
    );

    const row = (label: string, timings: number[]) =>
      `  ${label.padEnd(44)} p50 ${percentile(timings, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(timings, 95).toFixed(1).padStart(7)} ms   max ${Math.max(
        ...timings,
      )
        .toFixed(1)
        .padStart(7)} ms   (${timings.length})`;
    console.log(`
Flowcard first-screen benchmark (Chromium ${browser.version()}, headless, 1280x800)
  machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}
  data: ${clients} clients (${counts?.companies} companies, ${counts?.people} people), ${counts?.activities} activities, ${openTasks} open user tasks; seeded in ${seedSeconds.toFixed(1)} s
  navigation start -> first screen painted, as ${MANAGER}:`);
    for (const { label, samples: measured } of results) {
      console.log(
        row(
          label,
          measured.map((sample) => sample.firstScreen),
        ),
      );
      console.log(
        row(
          '  of which: app loaded and started',
          measured.map((sample) => sample.appStarted),
        ),
      );
      console.log(
        row(
          '            last API response in',
          measured.map((sample) => sample.lastApiResponse),
        ),
      );
    }
    console.log('  the requests behind them, one at a time from node:');
    console.log(row('GET /api/tasks (200 of mine or unassigned)', taskRequests));
    console.log(row('GET /api/clients/:id/card', cardRequests));
    const summary: Record<string, unknown> = {
      bench: 'ui',
      date: new Date().toISOString(),
      clients,
      openTasks,
      samples,
    };
    for (const { key, samples: measured } of results) {
      const timings = measured.map((sample) => sample.firstScreen);
      summary[`${key}_p50_ms`] = Number(percentile(timings, 50).toFixed(1));
      summary[`${key}_p95_ms`] = Number(percentile(timings, 95).toFixed(1));
    }
    console.log(JSON.stringify(summary));
  } finally {
    await browser?.close();
    await flowcard?.stop();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
