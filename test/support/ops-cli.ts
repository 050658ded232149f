import { spawn } from 'node:child_process';
import { fromRoot } from '../../src/paths';

/** How `npm run ops -- …` ended: its exit code and everything it printed. */
export interface OpsRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs `npm run ops -- <args>` as a real process, from source, with only the environment given: PATH,
 * NODE_ENV=test and EMULATORS=false, then `env` (DATABASE_URL and whatever the command needs; a key set to ''
 * is there but empty). Nothing of the test process's own environment leaks in, so each test says which
 * database and which Redis the CLI sees.
 */
export function runOpsCli(args: readonly string[], env: Record<string, string>): Promise<OpsRun> {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/cli/ops.ts', ...args], {
    cwd: fromRoot('.'),
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', EMULATORS: 'false', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}
