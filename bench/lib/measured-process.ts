import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FromChild, ProfileKind, ToChild } from './bench-child';
import type { CpuTime } from './cpu';
import { currentPlacement, moveDescendantsToLoader, onCpu } from './placement';
import { COMPILED_DIR, transpileForBench } from './transpile';

const ROOT = join(__dirname, '..', '..');

/** A server the driver started in its own process, so that its CPU is counted apart from the driver's. */
export interface MeasuredProcess {
  readonly pid: number;
  readonly url: string;
  readonly facts: Record<string, string>;
  /** The CPU it was pinned to (null: not pinned), and `CPU n`/`any` for the notes. */
  readonly cpu: number | null;
  /** How many processes it had started (the embedded PostgreSQL) were moved to the loader's CPU. */
  readonly movedToLoader: number;
  /** The child's own process.cpuUsage(), asked over IPC. */
  cpuTime(): Promise<CpuTime>;
  /** The child's event-loop delay since the last ask (ms), and its heap after V8's major collections (MB). */
  eventLoop(): Promise<{ p50: number; p99: number; max: number; heapAfterMajorGcMb: number | null }>;
  /** Starts V8's sampling profiler in the child: of CPU time (default) or of allocations. */
  startProfile(kind?: ProfileKind): Promise<void>;
  /** Stops it and writes the .cpuprofile or .heapprofile to `file` (absolute); resolves with that path. */
  stopProfile(file: string): Promise<string>;
  /** Asks it to close and waits for it to exit (kills it after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
  /** The last lines it wrote (for an error message). */
  output(): string;
}

/** How to start a child: its TypeScript entry (from the repository root) and the variables added to ours. */
export interface SpawnOptions {
  readonly entry: string;
  readonly env?: Record<string, string | undefined>;
  readonly startTimeoutMs?: number;
  /**
   * Which CPU of the placement it runs on: `server` (default; the processes it starts itself, such as the
   * embedded PostgreSQL, are then moved to the loader's CPU once it is ready) or `loader` (emulators: they serve
   * the driver, not the measured server).
   */
  readonly role?: 'server' | 'loader';
  /**
   * Another checkout of the repository to run the entry from (`--baseline=<dir>`: the same bench measures the
   * code before a change beside the code after it, in one run). Its TypeScript is transpiled there first.
   */
  readonly root?: string;
  /**
   * Node's own flags, before the script: the gateway gets those `npm start` gives it (`startFlags`), so that
   * what is measured runs as production does.
   */
  readonly nodeFlags?: readonly string[];
}

/**
 * The node flags of `npm start` in the checkout at `root` (package.json's start script, between the `node` that
 * runs the gateway and `dist/src/main.js`): a baseline checkout runs with its own.
 */
export function startFlags(root: string = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  const entry = words.indexOf('dist/src/main.js');
  const node = words.lastIndexOf('node', entry);
  if (entry === -1 || node === -1) throw new Error(`npm start of ${root} does not run node dist/src/main.js`);
  return words.slice(node + 1, entry);
}

const transpiledRoots = new Set<string>();

/** Transpiles another checkout with its own bench/lib/transpile.ts, once per run. */
function transpileRoot(root: string): void {
  if (transpiledRoots.has(root)) return;
  const done = spawnSync(
    process.execPath,
    ['-r', './test/support/ts-register.js', '-e', "require('./bench/lib/transpile').transpileForBench()"],
    { cwd: root, encoding: 'utf8' },
  );
  if (done.status !== 0) throw new Error(`could not transpile ${root}: ${done.stderr}`);
  transpiledRoots.add(root);
}

/**
 * Spawns `node <entry>` from the JavaScript transpiled into .data/bench-js (as `npm start` runs dist/, with no
 * TypeScript compiler in the child) with an IPC channel, and waits for it to say it is ready.
 */
export async function spawnMeasured(options: SpawnOptions): Promise<MeasuredProcess> {
  const root = options.root ?? ROOT;
  if (options.root) transpileRoot(options.root);
  else transpileForBench();
  const compiled = options.root ? join(options.root, '.data', 'bench-js') : COMPILED_DIR;
  const script = join(compiled, options.entry.replace(/\.ts$/, '.js'));
  const role = options.role ?? 'server';
  const cpu = currentPlacement()[role];
  const [command, args] = onCpu(cpu, process.execPath, [...(options.nodeFlags ?? []), script]);
  // taskset execs node in place, so the pid is node's.
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A child that died mid-run: say so with its last lines instead of an unhandled IPC error.
  child.on('error', (error) => (tail += `\n[driver] ${error.message}`));
  const alive = () => {
    if (!child.connected)
      throw new Error(`${options.entry} is gone (exit ${child.exitCode ?? child.signalCode}): ${tail}`);
  };

  const ready = await new Promise<Extract<FromChild, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.entry} did not start in time: ${tail}`));
    }, options.startTimeoutMs ?? 90_000);
    child.on('message', (message: FromChild) => {
      // The start bound ends at `ready`: left running, it killed a gateway 90 s into a long bench.
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
      if (message.type === 'failed') reject(new Error(`${options.entry}: ${message.message}`));
    });
    void exited.then(() => reject(new Error(`${options.entry} exited before it was ready: ${tail}`)));
    void exited.finally(() => clearTimeout(timer));
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });

  const movedToLoader = role === 'server' ? moveDescendantsToLoader(child.pid!) : 0;
  return {
    pid: child.pid!,
    url: ready.url,
    facts: ready.facts,
    cpu,
    movedToLoader,
    cpuTime: async () => (alive(), await ask(child, { type: 'cpu' }, 'cpu')).cpu,
    eventLoop: async () => {
      alive();
      const { p50, p99, max, heapAfterMajorGcMb } = await ask(child, { type: 'event-loop' }, 'event-loop');
      return { p50, p99, max, heapAfterMajorGcMb };
    },
    startProfile: async (kind = 'cpu') =>
      void (await ask(child, { type: 'profile-start', kind }, 'profile-started')),
    stopProfile: async (file) => (await ask(child, { type: 'profile-stop', file }, 'profile-written')).file,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' } satisfies ToChild);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    output: () => tail,
  };
}

/** Sends one request and waits for the answer of type `answer` (or a failure), bounded in time. */
function ask<T extends FromChild['type']>(
  child: ChildProcess,
  request: ToChild,
  answer: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off('message', onMessage);
      clearTimeout(timer);
    };
    const onMessage = (message: FromChild) => {
      if (message.type === answer) {
        done();
        resolve(message as Extract<FromChild, { type: T }>);
      } else if (message.type === 'failed') {
        done();
        reject(new Error(message.message));
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`a measured process did not answer ${request.type}`));
    }, 30_000);
    child.on('message', onMessage);
    child.send(request);
  });
}
