import type { Browser, BrowserContext, Page } from 'playwright-core';
import { JourneyRecorder, launchBrowser } from './browser';

/** What a browser suite's hooks hold: set before each test, so read the fields only inside hooks and tests. */
export interface E2eSuite<G> {
  gw: G;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  journey: JourneyRecorder;
}

/** How long one browser journey may take: a walk through three sites with a screenshot and axe at each page. */
export const JOURNEY_TIMEOUT_MS = 120_000;

/**
 * Registers the hooks browser suites share: one gateway and chromium per file, a fresh ru-RU 1024×800 page and
 * journey per test; a browser step that waits longer than 10 s fails with playwright's own message.
 */
export function useE2eSuite<G extends { close(): Promise<void> }>(
  startGateway: () => Promise<G>,
): E2eSuite<G> {
  const suite = {} as E2eSuite<G>;
  jest.setTimeout(JOURNEY_TIMEOUT_MS);
  beforeAll(async () => {
    [suite.gw, suite.browser] = await Promise.all([startGateway(), launchBrowser()]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.gw?.close();
  });
  beforeEach(async () => {
    suite.context = await suite.browser.newContext({
      locale: 'ru-RU',
      viewport: { width: 1024, height: 800 },
    });
    suite.context.setDefaultTimeout(10_000);
    suite.page = await suite.context.newPage();
    suite.journey = new JourneyRecorder(suite.page, expect.getState().currentTestName ?? 'journey');
  });
  afterEach(async () => {
    await suite.context.close();
  });
  return suite;
}

/** The page's visible text with white space folded to single spaces. */
export async function bodyText(page: Page): Promise<string> {
  return ((await page.textContent('body')) ?? '').replace(/\s+/g, ' ');
}

/** Clicks a link or button by its visible text and waits for the page it leads to. */
export async function clickThrough(page: Page, role: 'link' | 'button', name: string): Promise<void> {
  const next = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await page.getByRole(role, { name, exact: true }).click();
  await next;
  await page.waitForLoadState();
}
