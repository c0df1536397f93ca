/**
 * One socket.io connection per tab, in a real browser against the real API and worker: the bell
 * and the screens shown share it, a room the bell and the task list both want is joined once,
 * a screen's room is left when the screen goes away, a new task still shows in the list and the
 * bell, and after the connection is cut the task list and the bell catch up with what happened
 * while it was down.
 */
import { join } from 'node:path';
import { Browser, BrowserContext, Page, WebSocket as PageSocket } from 'playwright-core';
import { DemoPeople, eventually, Flowcard } from '#scripts/lib/in-process';
import { artifacts, startBrowserApp, stopBrowserApp } from './browser';

jest.setTimeout(180_000);

/** How long a pushed task may take to show. */
const LIVE_LIMIT_MS = 5_000;
/** socket.io waits up to 5 s between attempts to reconnect. */
const RECONNECT_LIMIT_MS = 30_000;

let flowcard: Flowcard;
let people: DemoPeople;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The WebSockets the page opened to socket.io, in order. */
const sockets: PageSocket[] = [];
/** Every socket.io packet the page sent, over HTTP long-polling or a WebSocket. */
const sent: string[] = [];

beforeAll(async () => {
  ({ flowcard, browser } = await startBrowserApp());
  people = await flowcard.demoPeople();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' });
  // Keeps the page's WebSockets within reach, to cut them as a network failure would.
  await context.addInitScript(() => {
    const opened: WebSocket[] = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        opened.push(this);
      }
    };
    Object.assign(window, { cutWebSockets: () => opened.forEach((socket) => socket.close()) });
  });
  page = await context.newPage();
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/socket.io/')) return;
    sockets.push(socket);
    socket.on('framesent', ({ payload }) => sent.push(String(payload)));
  });
  page.on('request', (request) => {
    const body = request.url().includes('/socket.io/') ? request.postData() : null;
    // A long-polling payload holds its packets separated by the record separator.
    if (body) sent.push(...body.split('\x1e'));
  });
  await page.goto(flowcard.baseUrl);
  await page.fill('[data-testid="login-form"] input[name="email"]', 'supervisor@demo.local');
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="signed-in-user"]');
});

afterAll(async () => {
  await context?.close();
  await stopBrowserApp({ browser, flowcard });
});

/** The rooms of the `subscribe` (or `unsubscribe`) messages the page sent, `room@afterId`. */
function roomMessages(name: 'subscribe' | 'unsubscribe'): string[] {
  return sent.flatMap((packet) => {
    const message = /^42\/live,\d*(\[.*\])$/s.exec(packet);
    if (!message) return [];
    const [event, body] = JSON.parse(message[1]) as [string, { room: string; afterId?: string }];
    if (event !== name) return [];
    return [body.afterId === undefined ? body.room : `${body.room}@${body.afterId}`];
  });
}

/** Shows a screen in the same document, as a click on a link would. */
async function show(hash: string): Promise<void> {
  await page.evaluate((target) => {
    location.hash = target;
  }, hash);
}

/** A new application of a new client, its first (group) task assigned to the supervisor. */
async function taskForSupervisor(clientId: string): Promise<string> {
  const started = await people.as('manager', 'POST', '/api/process-instances', {
    definitionKey: 'application-handling',
    clientId,
  });
  expect(started.status).toBe(201);
  const task = await eventually(async () => {
    const listed = await people.as('manager', 'GET', `/api/tasks?instanceId=${started.body.id}`);
    return listed.body.items?.[0];
  });
  const assigned = await people.as('admin', 'POST', `/api/tasks/${task.id}/assign`, {
    assigneeId: people.ids.supervisor,
  });
  expect(assigned.status).toBe(200);
  return task.id;
}

/** Waits until the task is in the supervisor's list and the bell tells of it. */
async function seeTaskInListAndBell(taskId: string, timeout: number): Promise<void> {
  await page.waitForSelector(`[data-testid="my-tasks"] tr[data-id="${taskId}"]`, { timeout });
  await page.click('[data-testid="notifications"]');
  const notice = page.locator(`[data-testid="notification-list"] li[data-task-id="${taskId}"]`);
  await notice.waitFor({ timeout });
  expect(await notice.textContent()).toContain('assigned to you');
  await page.keyboard.press('Escape');
}

it('shares one connection between the bell and the screens, and catches up after a cut', async () => {
  const supervisorRooms = [`tasks:user:${people.ids.supervisor}`, 'tasks:role:supervisor'];
  const client = await people.as('manager', 'POST', '/api/clients', {
    kind: 'company',
    name: 'One Socket Holdings',
  });
  expect(client.status).toBe(201);
  const clientRoom = `client:${client.body.id}`;

  // The supervisor's home is the task list, with the bell in the header.
  await page.waitForSelector('[data-testid="live-status"].live-live');
  await page.waitForSelector('.notifications[data-live="true"]');
  // Task list → client card → monitoring → task list.
  await show(`#/clients/${client.body.id}`);
  await page.waitForSelector('h2:text("One Socket Holdings")');
  await eventually(async () => roomMessages('subscribe').includes(clientRoom));
  await show('#/monitoring');
  await page.waitForSelector('[data-testid="instances"]', { state: 'attached' });
  await eventually(async () =>
    roomMessages('subscribe').some((room) => room.startsWith('definition:')),
  );
  await show('#/tasks');
  await page.waitForSelector('[data-testid="live-status"].live-live');

  const taskId = await taskForSupervisor(client.body.id);
  await seeTaskInListAndBell(taskId, LIVE_LIMIT_MS);

  expect(sockets).toHaveLength(1);
  // The bell and both task lists shared the task rooms, joined once and never left; the client
  // card's room was left with the card, the monitoring screen's with it.
  for (const room of supervisorRooms) {
    expect(roomMessages('subscribe').filter((subscribed) => subscribed === room)).toEqual([room]);
  }
  expect(roomMessages('subscribe').filter((room) => room === clientRoom)).toHaveLength(1);
  expect(roomMessages('unsubscribe')).toEqual(
    expect.arrayContaining([clientRoom, expect.stringMatching(/^definition:/)]),
  );
  expect(roomMessages('unsubscribe').filter((room) => supervisorRooms.includes(room))).toEqual([]);

  // The network goes and the connection with it; a task is assigned meanwhile.
  await context.setOffline(true);
  await page.evaluate(() => (window as unknown as { cutWebSockets(): void }).cutWebSockets());
  await page.waitForSelector('[data-testid="live-status"].live-offline');
  const missedTaskId = await taskForSupervisor(client.body.id);
  expect(await page.getAttribute('[data-testid="live-status"]', 'class')).toContain('live-offline');
  await context.setOffline(false);

  await seeTaskInListAndBell(missedTaskId, RECONNECT_LIMIT_MS);
  await page.waitForSelector('[data-testid="live-status"].live-live');
  await page.screenshot({ path: join(artifacts, 'live-socket-caught-up.png') });
  // Each task room was joined again once, after the newest event the page had.
  for (const room of supervisorRooms) {
    const joins = roomMessages('subscribe').filter((subscribed) => subscribed.startsWith(room));
    expect(joins).toHaveLength(2);
    expect(joins[1]).toMatch(new RegExp(`^${room}@\\d+$`));
  }
  // One connection at a time: the cut one closed, the new one open.
  await eventually(async () => sockets.length === 2);
  expect(sockets.map((socket) => socket.isClosed())).toEqual([true, false]);
});
