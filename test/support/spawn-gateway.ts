import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** A gateway started as a real process from source (`src/main.ts`), as `npm start` would after a build. */
export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the bound address (http://host:port) once the process says it listens; rejects if it exits first. */
  readonly listening: Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the gateway with exactly `env` (plus PATH and OPENSSL_CONF), from the repository root. */
export function spawnGateway(env: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['OPENSSL_CONF'] ? { OPENSSL_CONF: process.env['OPENSSL_CONF'] } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const onData = () => {
      // The start line names PUBLIC_URL for people and the bound address last: a test reaches the latter.
      const m = out.match(/bound to ([^\s)]+)\)/);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(`http://${m[1]!}`);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code }) =>
      reject(new Error(`gateway exited with ${code} before listening: ${err.slice(-500)}`)),
    );
  });
  listening.catch(() => undefined);
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}
