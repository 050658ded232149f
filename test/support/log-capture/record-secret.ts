import { appendFileSync } from 'node:fs';
import { captureFiles } from './capture-paths';

/**
 * Adds a value the test world generated (a token, a code, a ticket, a session id, a vendor secret) to the
 * list the end-of-run log scan searches for. No-op unless LOG_CAPTURE_DIR is set; values under 8 characters
 * and low-entropy test constants are ignored (they would match by chance).
 */
export function recordSecret(kind: string, value: unknown): void {
  const dir = process.env['LOG_CAPTURE_DIR'];
  if (!dir || typeof value !== 'string' || value.length < 8 || /[\r\n]/.test(value)) return;
  // Tests' own constants ('x'.repeat(43), the all-zero UUID) are not secrets and show up in logged paths.
  if (new Set(value).size < 6 || /(.)\1{5}/.test(value)) return;
  appendFileSync(captureFiles(dir).secrets, `${kind}\t${value}\n`);
}
