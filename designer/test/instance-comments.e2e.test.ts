/**
 * Comments on the instance card in a real browser against the real API: a supervisor comments
 * and the client's manager, with the same card open in another context, sees it appear live.
 */
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DemoPeople, Flowcard } from '#scripts/lib/in-process';
import { insertRunningInstance } from '#test/harness/index';
import { artifacts, signIn as signInAs, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(150_000);

interface PageMark {
  notReloaded?: boolean;
}

let flowcard: Flowcard;
let people: DemoPeople;
let browser: Browser;
const pages: Page[] = [];

async function signIn(email: string): Promise<Page> {
  const page = await signInAs({ browser, flowcard }, email, {
    viewport: { width: 1280, height: 800 },
  });
  pages.push(page);
  return page;
}

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  people = await flowcard.demoPeople();
});

afterAll(async () => {
  for (const page of pages) await page.context().close();
  await stopBrowserApp({ browser, flowcard });
});

describe('instance comments', () => {
  it('a supervisor adds a comment and the manager watching the card sees it without reload', async () => {
    const client = await people.as('manager', 'POST', '/api/clients', {
      kind: 'company',
      name: `Comments ${Date.now().toString(36)}`,
    });
    expect(client.status).toBe(201);
    const instanceId = await insertRunningInstance(flowcard.dataSource.manager, client.body.id);
    const earlier = await people.as(
      'manager',
      'POST',
      `/api/process-instances/${instanceId}/comments`,
      { body: 'Opened the file.' },
    );
    expect(earlier.status).toBe(201);

    const supervisor = await signIn('supervisor@demo.local');
    const manager = await signIn('manager@demo.local');
    for (const page of [supervisor, manager]) {
      await page.goto(`${flowcard.baseUrl}/#/instances/${instanceId}`);
      await page.waitForSelector('[data-testid="live-status"].live-live');
      await page.waitForSelector(`[data-testid="comments"] li[data-id="${earlier.body.id}"]`);
    }
    await manager.evaluate(() => ((window as unknown as PageMark).notReloaded = true));

    await supervisor.getByLabel('Comment', { exact: true }).fill('Please call the client today.');
    await supervisor.getByRole('button', { name: 'Add comment' }).click();

    const added = manager.locator('[data-testid="comments"] li', {
      hasText: 'Please call the client today.',
    });
    await added.waitFor();
    expect(await manager.evaluate(() => (window as unknown as PageMark).notReloaded)).toBe(true);
    await expect(added.textContent()).resolves.toContain('Supervisor');
    // Once in each view, also after the supervisor's page heard the live event of its own
    // comment (its events table shows both comments' events): the answer and the event are one.
    await supervisor.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="events"] tr')].filter((row) =>
          row.textContent?.includes('instance.comment_added'),
        ).length === 2,
    );
    for (const page of [supervisor, manager]) {
      expect(await page.locator('[data-testid="comments"] li[data-id]').count()).toBe(2);
    }
    await expect(supervisor.getByLabel('Comment', { exact: true }).inputValue()).resolves.toBe('');
    await manager.screenshot({ path: join(artifacts, 'instance-comments-live.png') });
  });
});
