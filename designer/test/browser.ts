/**
 * What the browser tests share: the designer built, Flowcard serving it with a worker, and
 * Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { Flowcard, startFlowcard } from '#scripts/lib/in-process';
import { testDesignerBuild } from '#test/harness/designer-build';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = join(__dirname, '../..');

/** Where the tests leave screenshots, to look at after a run. */
export const artifacts = join(root, '.data/test-artifacts');

export interface BrowserApp {
  flowcard: Flowcard;
  browser: Browser;
}

/** Builds the designer (once per run), boots Flowcard serving it and launches a headless Chromium. */
export async function startBrowserApp(): Promise<BrowserApp> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM}: install it with 'apt-get install -y chromium' or set CHROMIUM_PATH`,
    );
  }
  const flowcard = await startFlowcard({
    workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE,
    designerDir: testDesignerBuild(),
  });
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(artifacts, { recursive: true });
    return { flowcard, browser };
  } catch (error) {
    // The caller gets nothing to stop, so the app it would have stopped goes down here.
    await flowcard.stop();
    throw error;
  }
}

/** Closes what `startBrowserApp` opened, as far as it got (the build stays for the next file). */
export async function stopBrowserApp(app: Partial<BrowserApp>): Promise<void> {
  await app.browser?.close();
  await app.flowcard?.stop();
}

/** A demo user signed in through the login form, in a browser context of their own. */
export async function signIn(
  { browser, flowcard }: BrowserApp,
  email: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(flowcard.baseUrl);
  await page.fill('[data-testid="login-form"] input[name="email"]', email);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="signed-in-user"]');
  return page;
}
