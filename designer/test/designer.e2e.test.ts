/**
 * The designer in a real browser (Debian's Chromium driven by playwright-core) against the
 * real API: sign in, see the deployed diagram, and watch an instance's map move live.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { eventually, Flowcard, startFlowcard } from '../../scripts/lib/in-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = join(__dirname, '../..');
const artifacts = join(root, '.data/test-artifacts');

jest.setTimeout(120_000);

let flowcard: Flowcard;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM}: install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`,
    );
  }
  const build = spawnSync(process.execPath, ['scripts/build-designer.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`designer build failed: ${build.stderr}`);
  flowcard = await startFlowcard({
    workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE,
    designerDir: join(root, 'designer/dist'),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await flowcard?.stop();
});

const shape = (elementId: string) => `[data-element-id="${elementId}"]`;

async function markerOf(elementId: string): Promise<string> {
  return page.$eval(
    `[data-testid="instance-diagram"] .djs-element${shape(elementId)}`,
    (element) => element.getAttribute('class') ?? '',
  );
}

it('shows the deployed diagram and the live map of an instance', async () => {
  await page.goto(flowcard.baseUrl);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="definitions"] tr[data-id]');
  await page.click('[data-testid="definitions"] a:text("application-handling")');
  await page.waitForSelector(
    `[data-testid="definition-diagram"] ${shape('Task_QualifyApplication')}`,
  );
  expect(await page.$$(`[data-testid="definition-diagram"] .djs-shape`)).not.toHaveLength(0);
  await page.screenshot({ path: join(artifacts, 'designer-definition.png') });

  const manager = await flowcard.login('manager@demo.local');
  const client = await flowcard.api(manager, 'POST', '/api/clients', {
    kind: 'person',
    name: 'Map Watcher',
  });
  const started = await flowcard.api(manager, 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId: client.body.id,
  });
  const instanceId = started.body.id;
  await page.goto(`${flowcard.baseUrl}/#/instances/${instanceId}`);
  await page.waitForSelector(
    `[data-testid="instance-diagram"] ${shape('Task_QualifyApplication')}`,
  );
  await eventually(async () => (await markerOf('Task_QualifyApplication')).includes('fc-active'));
  expect(await markerOf('StartEvent_ApplicationReceived')).toContain('fc-completed');

  // Completing the task elsewhere moves the map without a reload.
  const tasks = await flowcard.api(manager, 'GET', `/api/tasks?instanceId=${instanceId}`);
  await flowcard.api(manager, 'POST', `/api/tasks/${tasks.body.items[0].id}/complete`, {
    variables: { qualified: true },
  });
  await eventually(async () => (await markerOf('Task_CloseApplication')).includes('fc-active'));
  expect(await markerOf('Task_QualifyApplication')).toContain('fc-completed');
  expect(await markerOf('Task_MarkPotential')).toContain('fc-completed');
  expect(await markerOf('Task_MarkLost')).not.toMatch(/fc-(active|completed)/);
  await page.screenshot({ path: join(artifacts, 'designer-instance.png') });
});
