import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectAccessible } from './browser';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where the layout walk saves its screenshots (git-ignored with the rest of test-results/). */
export const PAGES_DIR = path.join(ROOT, 'test-results', 'pages');

/** The two widths every gateway page must look right at: a small phone and a desktop. */
export const WIDTHS = [360, 1280] as const;

/** A radio or checkbox is the size of the text beside it: no larger than this (px). */
export const TEXT_SIZED_MAX_PX = 32;

let probeSource: string | undefined;

/**
 * What is wrong with the page's layout as the browser laid it out, in words a failure message can show:
 * horizontal overflow (the page, or an element beyond the viewport's right edge), a radio or checkbox that is not
 * on the first line of its label's text (before it, vertically overlapping it), a radio or checkbox larger than
 * TEXT_SIZED_MAX_PX, buttons (and links styled as buttons) of one row with different heights, a text field
 * narrower than its form (an unstyled textarea), a fieldset with the browser's default grooved border.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  probeSource ??= readFileSync(path.join(__dirname, 'layout-probe.js'), 'utf8');
  return page.evaluate(
    `(() => { const module = {}; ${probeSource}; return module.exports(${TEXT_SIZED_MAX_PX}); })()`,
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9а-яё]+/gi, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/**
 * Checks gateway pages of a journey at each of WIDTHS: lays the page out at that width, saves a full-page
 * screenshot as test-results/pages/<journey>-<nn>-<page>-<width>.png, runs axe, and collects every layout
 * problem. The page goes back to the width it had. `finish()` fails with all problems of the journey at once,
 * so one run shows everything that looks wrong.
 */
export class PageLayouts {
  private count = 0;
  private readonly problems: string[] = [];
  readonly checked: string[] = [];

  constructor(
    private readonly page: Page,
    private readonly journey: string,
  ) {
    mkdirSync(PAGES_DIR, { recursive: true });
  }

  /** Lays out, photographs and checks the page as it is now, at 360 and 1280 px. */
  async check(pageName: string): Promise<void> {
    this.count += 1;
    const before = this.page.viewportSize() ?? { width: 1024, height: 800 };
    const base = `${slug(this.journey)}-${String(this.count).padStart(2, '0')}-${slug(pageName)}`;
    for (const width of WIDTHS) {
      await this.page.setViewportSize({ width, height: 800 });
      await this.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
      const file = path.join(PAGES_DIR, `${base}-${width}.png`);
      await this.page.screenshot({ path: file, fullPage: true });
      this.checked.push(file);
      for (const p of await layoutProblems(this.page)) this.problems.push(`${pageName} @${width}px: ${p}`);
    }
    await expectAccessible(this.page);
    await this.page.setViewportSize(before);
  }

  /** Fails with every layout problem the journey's pages had. */
  finish(): void {
    if (this.problems.length)
      throw new Error(`layout problems in «${this.journey}»:\n  ${this.problems.join('\n  ')}`);
  }
}

/**
 * A diary's page at 360 and at 1280 px wide, into test-results/pages/diary-<name>-<width>.png, failing on anything
 * wider than the window; back to 1024 px after.
 */
export async function photographDiaryPage(page: Page, name: string): Promise<void> {
  mkdirSync(PAGES_DIR, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: path.join(PAGES_DIR, `diary-${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect({ page: name, width, overflow }).toEqual({ page: name, width, overflow: 0 });
  }
  await page.setViewportSize({ width: 1024, height: 800 });
}
