import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it); playwright-core never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Headless flags: root needs --no-sandbox; the rest keep chromium from phoning home (component updates, field
 * trials, safe browsing lists) and from fighting the test machine for /dev/shm and a GPU it has not got.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-extensions',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
];

const ROOT = path.resolve(__dirname, '..', '..', '..');
let axeSource: string | undefined;

/** True when the browser suites can run here. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * `describe` for a browser suite: runs when chromium is installed; otherwise skipped with a note, except under
 * REQUIRE_REAL_SERVICES=1 (CI), where a missing chromium is a failing test, never a silent skip.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (chromiumAvailable()) return describe(name, body);
  if (process.env['REQUIRE_REAL_SERVICES'] === '1')
    return describe(name, () => {
      it('needs Debian chromium (REQUIRE_REAL_SERVICES=1)', () => {
        throw new Error(
          `REQUIRE_REAL_SERVICES=1 but no chromium at ${CHROMIUM_PATH}: apt-get install chromium`,
        );
      });
    });
  process.stderr.write(`browser suite "${name}" skipped: no chromium at ${CHROMIUM_PATH}\n`);
  describe.skip(name, body);
}

/** A headless chromium with the flags above. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** One axe finding, short enough for a failure message. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page and returns every violation. axe is evaluated through the DevTools protocol, not
 * added as a <script>: our CSP rightly refuses inline scripts, and the browser must keep enforcing it.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(
    () => typeof (globalThis as unknown as { axe?: unknown }).axe === 'object',
  );
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeRun> } })
      .axe;
    type AxeRun = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** Fails on any serious or critical axe violation of the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const blocking = (await axeViolations(page)).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  if (blocking.length)
    throw new Error(
      `axe: ${blocking.length} serious/critical violation(s) on ${page.url()}:\n` +
        blocking.map((v) => `  ${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`).join('\n'),
    );
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9а-яё]+/gi, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'step'
  );
}

/**
 * Walks a journey step by step: each `step(name)` saves a screenshot as
 * test-results/<test>/<nn>-<name>.png and runs axe on the page. Every document the page navigated to must have
 * been checked by a step before `finish()`, so that no page of a journey escapes the accessibility check.
 */
export class JourneyRecorder {
  private count = 0;
  private readonly dir: string;
  private readonly unchecked = new Set<string>();

  constructor(
    readonly page: Page,
    testName: string,
  ) {
    this.dir = path.join(ROOT, 'test-results', slug(testName));
    mkdirSync(this.dir, { recursive: true });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() !== 'about:blank') this.unchecked.add(frame.url());
    });
  }

  /** Screenshot + axe of the page as it is now; returns the screenshot's path. */
  async step(name: string): Promise<string> {
    this.count += 1;
    const file = path.join(this.dir, `${String(this.count).padStart(2, '0')}-${slug(name)}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    await expectAccessible(this.page);
    this.unchecked.clear();
    return file;
  }

  /** Fails when a page was reached but never checked by a step. */
  finish(): void {
    if (this.unchecked.size)
      throw new Error(
        `pages visited without a step (no screenshot, no axe): ${[...this.unchecked].join(', ')}`,
      );
  }
}
