/**
 * The modeler's drafts and versions in a real browser against the real API: an analyst imports a
 * Camunda Modeler file, sees the compiler's lint error on the element, fixes it in the properties
 * panel, saves a draft, reloads and finds it, deploys it as the key's second version, opens the
 * first version read-only and downloads its XML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Flowcard } from '#scripts/lib/in-process';
import { artifacts, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(120_000);

const FIXTURE = join(__dirname, 'fixtures/camunda-welcome.bpmn');
const KEY = 'camunda_welcome';
const CALL = 'Task_WelcomeCall';
const canvas = '[data-testid="modeler-canvas"]';
const shape = (elementId: string) => `[data-element-id="${elementId}"]`;

let flowcard: Flowcard;
let browser: Browser;
let analyst: Page;

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  analyst = await context.newPage();
  await analyst.goto(flowcard.baseUrl);
  await analyst.click('[data-testid="login-form"] button[type="submit"]');
  await analyst.waitForSelector('[data-testid="definitions"]');
});

afterAll(() => stopBrowserApp({ browser, flowcard }));

async function select(elementId: string): Promise<void> {
  const box = await analyst.locator(`${canvas} .djs-shape${shape(elementId)}`).boundingBox();
  if (!box) throw new Error(`${elementId} is not on the canvas`);
  await analyst.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await analyst.waitForSelector(`${canvas} .djs-shape.selected${shape(elementId)}`);
}

it('imports, lints, fixes, saves a draft, deploys a version and reads an older one', async () => {
  const fixture = readFileSync(FIXTURE, 'utf8');
  const firstVersion = fixture.replace('type="createCall"', 'type="createCall" subject="Hello"');
  const analystToken = await flowcard.login('analyst@demo.local');
  const v1 = await flowcard.api(
    analystToken,
    'POST',
    '/api/process-definitions',
    firstVersion,
    'application/xml',
  );
  expect(v1.status).toBe(201);

  await analyst.goto(`${flowcard.baseUrl}/#/modeler`);
  await analyst.waitForSelector('.djs-palette .entry');
  await analyst.setInputFiles('[data-testid="import-file"]', FIXTURE);
  await analyst.waitForSelector(`${canvas} .djs-shape${shape(CALL)}`);

  // The compiler's error, on the element, before any deploy.
  await analyst.waitForSelector('[data-testid="lint-count"][data-errors="1"]');
  const issue = analyst.locator(`[data-container-id="${CALL}"] .bjsl-overlay`);
  await issue.waitFor();
  expect(await issue.locator('.bjsl-icon-error').count()).toBe(1);
  expect(await issue.textContent()).toContain('createCall needs a subject');
  expect(await analyst.getAttribute('button:text("Deploy")', 'class')).toContain('warn');
  await analyst.screenshot({ path: join(artifacts, 'modeler-import-lint.png') });

  await select(CALL);
  const subject = analyst.locator('#bio-properties-panel-flowcard-action-subject');
  await subject.fill('Welcome aboard');
  await subject.press('Tab');
  await analyst.waitForSelector('[data-testid="lint-count"][data-errors="0"]');
  expect(await analyst.locator(`[data-container-id="${CALL}"] .bjsl-overlay`).count()).toBe(0);

  await analyst.click('button:text("Save draft")');
  await analyst.waitForSelector('[data-testid="draft-status"]:text("Draft saved")');
  const draftUrl = analyst.url();
  expect(draftUrl).toMatch(/#\/modeler\/draft:[0-9a-f-]{36}$/);
  const draftId = draftUrl.split('draft:')[1];

  // A reload opens the draft again, with the fix, and lists it among the drafts.
  await analyst.reload();
  await analyst.waitForSelector('h2:text("Draft: Welcome from Camunda")');
  await analyst.waitForSelector(`${canvas} .djs-shape${shape(CALL)}`);
  await analyst.click('[data-testid="drafts-drawer"] summary');
  await analyst.waitForSelector(`[data-testid="drafts"] li[data-draft-id="${draftId}"].selected`);
  await select(CALL);
  expect(await subject.inputValue()).toBe('Welcome aboard');
  await analyst.waitForSelector('[data-testid="lint-count"][data-errors="0"]');
  await analyst.screenshot({ path: join(artifacts, 'modeler-draft-reopened.png') });

  await analyst.click('button:text("Deploy")');
  const deployed = analyst.locator('[data-testid="modeler-result"] p.ok');
  await deployed.waitFor();
  expect(await deployed.getAttribute('data-version')).toBe('2');
  // Deploying from a draft removes it: the version holds the diagram now. The result shows as
  // soon as the version exists; the draft is removed next, and then the address names the key.
  await analyst.waitForFunction((key) => location.hash === `#/modeler/${key}`, KEY);
  const drafts = await flowcard.api(analystToken, 'GET', '/api/process-drafts');
  expect(drafts.body.items.map((draft: { id: string }) => draft.id)).not.toContain(draftId);
  expect(analyst.url()).toMatch(new RegExp(`#/modeler/${KEY}$`));

  await analyst.click('[data-testid="versions-drawer"] summary');
  const versions = analyst.locator('[data-testid="versions"] tbody tr');
  await versions.nth(1).waitFor();
  expect(await versions.evaluateAll((rows) => rows.map((row) => row.dataset.version))).toEqual([
    '2',
    '1',
  ]);
  expect(await versions.nth(1).textContent()).toContain('Alan Analyst');
  await analyst.screenshot({ path: join(artifacts, 'modeler-versions.png') });

  await analyst.click(`[data-testid="versions"] button[aria-label="View: ${KEY} v1"]`);
  const dialog = analyst.locator('[data-testid="version-dialog"]');
  await dialog.locator(`.djs-shape${shape(CALL)}`).waitFor();
  // A viewer: no palette, no properties panel, nothing to edit.
  expect(await dialog.locator('.djs-palette').count()).toBe(0);
  expect(await dialog.locator('h2').textContent()).toContain('v1 (read-only)');
  await analyst.screenshot({ path: join(artifacts, 'modeler-version-read-only.png') });

  const [download] = await Promise.all([
    analyst.waitForEvent('download'),
    dialog.locator('button:text("Download XML")').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${KEY}-v1.bpmn`);
  const downloaded = readFileSync(await download.path(), 'utf8');
  expect(downloaded).toBe(firstVersion);
  await dialog.locator('button:text("Close")').click();
  await dialog.waitFor({ state: 'detached' });
});

it('writes call activity mappings and a timer date that the compiler reads', async () => {
  await analyst.goto(`${flowcard.baseUrl}/#/modeler`);
  await analyst.waitForSelector('.djs-palette .entry');
  const box = await analyst.locator(canvas).boundingBox();
  if (!box) throw new Error('the modeler canvas is not visible');
  const place = async (action: string, x: number) => {
    await analyst.click(`.djs-palette [data-action="${action}"]`);
    await analyst.mouse.move(box.x + x - 20, box.y + 200);
    await analyst.mouse.move(box.x + x, box.y + 200, { steps: 5 });
    await analyst.mouse.click(box.x + x, box.y + 200);
  };

  await place('create.flowcard.callActivity', 300);
  const processKey = analyst.locator('#bio-properties-panel-flowcard-calledElement-processKey');
  await processKey.fill(KEY);
  await processKey.press('Tab');
  const inputs = analyst.locator('#bio-properties-panel-flowcard-calledElement-inputs');
  await inputs.fill('clientId = clientId\ntotal = amount * 2');
  await inputs.press('Tab');

  await place('create.flowcard.timerCatch', 550);
  await analyst.selectOption('#bio-properties-panel-flowcard-timer-kind', 'timeDate');
  const date = analyst.locator('#bio-properties-panel-flowcard-timer-date');
  await date.fill('2030-01-31T09:00:00Z');
  await date.press('Tab');
  await analyst.screenshot({ path: join(artifacts, 'modeler-extension-properties.png') });

  const [download] = await Promise.all([
    analyst.waitForEvent('download'),
    analyst.click('button:text("Download XML")'),
  ]);
  const xml = readFileSync(await download.path(), 'utf8');
  expect(xml).toMatch(
    new RegExp(
      `<flowcard:calledElement processKey="${KEY}">\\s*` +
        '<flowcard:input source="clientId" target="clientId" />\\s*' +
        '<flowcard:input source="amount \\* 2" target="total" />',
    ),
  );
  expect(xml).toMatch(
    /<bpmn:timeDate xsi:type="bpmn:tFormalExpression">2030-01-31T09:00:00Z<\/bpmn:timeDate>/,
  );
  // The lint (the compiler) finds nothing wrong with either element's own settings: what it
  // reports is only that nothing is connected yet.
  const messages = await analyst.$$eval('.bjsl-overlay li', (items) =>
    items.map((item) => item.textContent ?? ''),
  );
  expect(messages.join('\n')).not.toMatch(/calledElement|flowcard:input|timeDate|timer/);
});
