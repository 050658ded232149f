import { rmSync } from 'node:fs';
import { scanCapturedLogs } from './scan-logs';

/**
 * Jest globalTeardown: after every suite has run, searches all captured log lines for the known secrets
 * (fixture SNILS and passwords, demo vendor secrets, and every token, code, ticket and session id the run
 * recorded) and for any formatted SNILS or JWT. A finding fails the run (jest exits non-zero); the secret
 * itself is never printed, only its kind and where it was found.
 */
export default function globalTeardown(): void {
  const dir = process.env['LOG_CAPTURE_DIR'];
  if (!dir || process.env['LOG_CAPTURE'] === '0') return;
  const { files, lines, secrets, findings } = scanCapturedLogs(dir);
  if (findings.length) {
    const shown = findings.slice(0, 20).map((f) => `  ${f.kind} ${f.masked} in ${f.file}:${f.line}`);
    throw new Error(
      `personal data or secrets in the logs: ${findings.length} finding(s) in ${dir}\n${shown.join('\n')}`,
    );
  }
  if (process.env['LOG_CAPTURE_OWN_DIR'] === dir) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nlog scan: ${lines} log lines from ${files} process(es) searched for ${secrets} known secrets: none found\n`,
  );
}
