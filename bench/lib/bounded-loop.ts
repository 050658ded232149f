/** How many times to run a task, how many at once, and the wall-clock bound that stops it early. */
export interface LoopBounds {
  readonly count: number;
  readonly concurrency?: number;
  readonly maxMs: number;
  /** Failed tasks tolerated (a loopback connection reset on a busy machine) before the loop gives up; default 0. */
  readonly maxFailures?: number;
}

/** What a bounded loop did: completed tasks, wall time, and whether the time bound cut it short. */
export interface LoopOutcome {
  readonly completed: number;
  readonly wallMs: number;
  readonly timedOut: boolean;
  readonly failed: number;
  /** The first failure, when some were tolerated. */
  readonly firstError?: unknown;
}

/**
 * Runs `task` up to `count` times with `concurrency` workers, starting no new task once `maxMs` has passed. Past
 * `maxFailures` failed tasks the loop stops and rejects: a benchmark of a broken flow measures nothing.
 */
export async function boundedLoop(
  bounds: LoopBounds,
  task: (index: number) => Promise<void>,
): Promise<LoopOutcome> {
  const started = performance.now();
  const deadline = started + bounds.maxMs;
  let next = 0;
  let completed = 0;
  let timedOut = false;
  let failed = 0;
  let firstError: unknown;
  let stop = false;
  const worker = async () => {
    while (!stop && next < bounds.count) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const index = next++;
      try {
        await task(index);
        completed++;
      } catch (error) {
        failed++;
        firstError ??= error;
        if (failed > (bounds.maxFailures ?? 0)) {
          stop = true;
          throw error;
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(bounds.concurrency ?? 1, bounds.count));
  await Promise.all(Array.from({ length: workers }, worker));
  return {
    completed,
    wallMs: performance.now() - started,
    timedOut,
    failed,
    ...(failed ? { firstError } : {}),
  };
}
