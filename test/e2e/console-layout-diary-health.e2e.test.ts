import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { fromRoot } from '../../src/paths';
import {
  startMisconfiguredDiaryGateway,
  type MisconfiguredDiaryGateway,
} from '../support/misconfigured-diary-gateway';
import { describeWithBrowser, expectAccessible, launchBrowser } from './support/browser';

/*
 * Issue 22 item 3 in the console, in Debian's chromium at 360 and 1280 px: a diary whose server lacks the routes
 * its adapter calls reads «ошибка настройки» with what to do, on the overview and on the region page; the pages
 * still fit the window, pass axe and hold no English word; screenshots go to
 * test-results/console/diary-misconfigured-<page>-<width>.png.
 */
const SHOTS = fromRoot('test-results/console');

describeWithBrowser('the console shows a misconfigured diary (real browser, 360 and 1280 px)', () => {
  jest.setTimeout(120_000);
  let h: MisconfiguredDiaryGateway;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [h, browser] = await Promise.all([
      startMisconfiguredDiaryGateway(new Date('2026-12-07T09:00:00Z')),
      launchBrowser(),
    ]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** The layout checks of the page as it is now (fits, Russian only, axe), and its screenshot. */
  async function check(page: Page, shot: string): Promise<void> {
    // The diary's name is the operator's configuration (config/instances.json), not the console's words.
    const text = ((await page.textContent('body')) ?? '')
      .replace(/\s+/g, ' ')
      .replaceAll('ЭлЖур (эталонный дневник по API шлюза)', '');
    const latin = (text.match(/[A-Za-z][A-Za-z_-]*/g) ?? []).filter((w) => !['CSV', 'UTC'].includes(w));
    expect([shot, latin]).toEqual([shot, []]);
    const overflow = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth,
    );
    expect([shot, overflow]).toEqual([shot, 0]);
    await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
    await expectAccessible(page);
  }

  /** Opens each of `pages` ([shot, address]) in a ru-RU window `width` px wide, signed in as the operator. */
  async function asOperator(
    width: number,
    pages: ReadonlyArray<readonly [shot: string, address: string]>,
    look: (page: Page, shot: string) => Promise<void>,
  ): Promise<void> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width, height: 900 } });
    const [name, value] = (await h.operatorCookie()).split('=') as [string, string];
    await context.addCookies([{ name, value, url: h.gateway.url }]);
    const page = await context.newPage();
    try {
      for (const [shot, address] of pages) {
        await page.goto(`${h.gateway.url}${address}`);
        await look(page, shot);
      }
    } finally {
      await context.close();
    }
  }

  /** The text of the first `selector` that holds `hasText`, white space folded. */
  const textOf = async (page: Page, selector: string, hasText: string) =>
    (await page.locator(selector, { hasText }).first().textContent())?.replace(/\s+/g, ' ').trim();

  it.each([360, 1280])(
    'at %i px, the share of active users linked on the region and readiness pages (issue 19)',
    async (width) => {
      // What the active users reporter would have stored (its fetch: active-users-readiness.test.ts).
      await h.db.dataSource.query(
        `INSERT INTO diary_active_users (instance_id, day, window_days, active_users, reported_at)
         VALUES ('eljur-39', $1, 30, 18432, $2) ON CONFLICT DO NOTHING`,
        [
          new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kaliningrad' }).format(h.clock.now()),
          h.clock.now(),
        ],
      );
      const pages = [
        ['active-users-region', '/ops/regions/39'],
        ['active-users-readiness', '/ops/regions/39/readiness'],
      ] as const;
      await asOperator(width, pages, async (page, shot) => {
        expect(await textOf(page, 'dl div', 'Доля активных пользователей с привязкой')).toBe(
          'Доля активных пользователей с привязкой 0 % из 18 432',
        );
        await check(page, `${shot}-${width}`);
      });
    },
  );

  it.each([360, 1280])('at %i px, overview and region page', async (width) => {
    const pages = [
      ['overview', '/ops'],
      ['region', '/ops/regions/39'],
    ] as const;
    await asOperator(width, pages, async (page, shot) => {
      expect(await textOf(page, '.health li', 'ЭлЖур')).toBe(
        'ЭлЖур (эталонный дневник по API шлюза) ошибка настройки сервер дневника не знает 11 вызовов шлюза из 11: проверьте адрес дневника в настройках',
      );
      await check(page, `diary-misconfigured-${shot}-${width}`);
    });
  });
});
