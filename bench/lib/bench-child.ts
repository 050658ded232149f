import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import {
  PerformanceObserver,
  constants,
  monitorEventLoopDelay,
  type IntervalHistogram,
} from 'node:perf_hooks';
import { dirname } from 'node:path';
import { selfCpu, type CpuTime } from './cpu';

/**
 * The IPC protocol between a bench driver and a process it measures: the child says `ready` with its address,
 * answers `cpu` with its own process.cpuUsage() (µs resolution, all threads), profiles between `profile-start`
 * and `profile-stop` (V8's sampling profiler through the inspector, written as a .cpuprofile file; or, with
 * `kind: 'allocations'`, its sampling heap profiler, written as a .heapprofile of where memory was allocated),
 * and on `stop` closes and exits.
 */
export type ToChild =
  | { type: 'cpu' }
  | { type: 'event-loop' }
  | { type: 'profile-start'; kind?: ProfileKind }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };
/** `cpu`: where the time goes; `allocations`: where the memory the garbage collector then works on comes from. */
export type ProfileKind = 'cpu' | 'allocations';
export type FromChild =
  | { type: 'ready'; url: string; facts: Record<string, string> }
  | { type: 'cpu'; cpu: CpuTime }
  /**
   * Event-loop delay since the last ask (ms): p50, p99, max; the histogram restarts at each ask. With it, the
   * lowest heap in use seen right after one of V8's own major collections since the last ask (MB; null when
   * none ran): what the heap really holds, as opposed to RSS, which also counts garbage not yet collected.
   */
  | { type: 'event-loop'; p50: number; p99: number; max: number; heapAfterMajorGcMb: number | null }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string }
  | { type: 'failed'; message: string };

/** What a measured child runs: something that listens, says a few facts about itself, and can be closed. */
export interface BenchServer {
  readonly url: string;
  readonly facts: Record<string, string>;
  close(): Promise<void>;
}

/** The child's side: starts the server, then serves the driver's requests until told to stop. */
export function serveBenchChild(start: () => Promise<BenchServer>): void {
  if (!process.send) throw new Error('a bench child must be spawned with an IPC channel');
  const send = (message: FromChild) => process.send!(message);
  const profiler = new Session();
  // Started at the driver's first ask (the soak), not before: its 10 ms timer wakes an idle process a hundred
  // times a second, which on a busy machine cost a measured gateway ≈ 18 ms of CPU per second of idling,
  // charged to every sign-in and link of the benches that never read it.
  let loop: IntervalHistogram | undefined;
  // Read when V8 reports a major collection it ran itself: forcing one would change what the soak measures.
  let heapAfterMajorGc: number | null = null;
  let profiling: ProfileKind = 'cpu';
  const majorCollections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const used = process.memoryUsage().heapUsed;
      heapAfterMajorGc = heapAfterMajorGc === null ? used : Math.min(heapAfterMajorGc, used);
    }
  });
  start().then(
    (server) => {
      const stop = () => void server.close().finally(() => process.exit(0));
      process.on('message', (message: ToChild) => {
        switch (message.type) {
          case 'cpu':
            return send({ type: 'cpu', cpu: selfCpu() });
          case 'event-loop': {
            if (!loop) {
              loop = monitorEventLoopDelay({ resolution: 10 });
              loop.enable();
              majorCollections.observe({ entryTypes: ['gc'] });
            }
            const ms = (ns: number) => ns / 1e6;
            send({
              type: 'event-loop',
              p50: ms(loop.percentile(50)),
              p99: ms(loop.percentile(99)),
              max: ms(loop.max),
              heapAfterMajorGcMb: heapAfterMajorGc === null ? null : heapAfterMajorGc / 2 ** 20,
            });
            loop.reset();
            heapAfterMajorGc = null;
            return;
          }
          case 'profile-start':
            profiler.connect();
            profiling = message.kind ?? 'cpu';
            // One sample per 16 KiB allocated on average: thousands of samples in a load round, at little cost.
            // Collected objects are kept in the profile: the garbage is what the collector works on.
            if (profiling === 'allocations')
              return profiler.post(
                'HeapProfiler.startSampling',
                {
                  samplingInterval: 16_384,
                  includeObjectsCollectedByMajorGC: true,
                  includeObjectsCollectedByMinorGC: true,
                },
                () => send({ type: 'profile-started' }),
              );
            profiler.post('Profiler.enable', () =>
              profiler.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
                profiler.post('Profiler.start', () => send({ type: 'profile-started' })),
              ),
            );
            return;
          case 'profile-stop': {
            const written = (error: Error | null, profile: object | undefined) => {
              if (error || !profile) return send({ type: 'failed', message: error?.message ?? 'no profile' });
              mkdirSync(dirname(message.file), { recursive: true });
              writeFileSync(message.file, JSON.stringify(profile));
              profiler.disconnect();
              send({ type: 'profile-written', file: message.file });
            };
            if (profiling === 'allocations')
              profiler.post('HeapProfiler.stopSampling', (error, result) => written(error, result?.profile));
            else profiler.post('Profiler.stop', (error, result) => written(error, result?.profile));
            return;
          }
          case 'stop':
            return stop();
        }
      });
      // A driver that dies must not leave its children listening.
      process.on('disconnect', stop);
      send({ type: 'ready', url: server.url, facts: server.facts });
    },
    (error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
}
