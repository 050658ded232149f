import { inspect } from 'node:util';

/**
 * Runs a standalone emulator (`npm run emulator:…`): `start` starts it and says where it listens; SIGINT or
 * SIGTERM closes it and exits 0; a start that fails is said under `name` and exits 1.
 */
export function runStandalone(name: string, start: () => Promise<{ close(): Promise<void> }>): void {
  start().then(
    (emulator) => {
      const stop = () => void emulator.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed to start: ${inspect(error)}\n`);
      process.exit(1);
    },
  );
}
