import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CAPTURE_DIR } from './capture-paths';

/**
 * Jest globalSetup: every run captures its logs (test/support/log-capture/capture.setup.ts). LOG_CAPTURE_DIR
 * picks the folder, emptied here (default: a folder of its own under test-results/log-capture, since runs by
 * several people in one checkout must not mix; the teardown removes it when the scan is clean); LOG_CAPTURE=0 turns capture and scan off.
 * Set before the workers start, so they inherit it.
 */
export default function globalSetup(): void {
  if (process.env['LOG_CAPTURE'] === '0') return;
  const own = path.join(
    DEFAULT_CAPTURE_DIR,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
  );
  if (!process.env['LOG_CAPTURE_DIR']) process.env['LOG_CAPTURE_OWN_DIR'] = own;
  const dir = (process.env['LOG_CAPTURE_DIR'] ||= own);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
