import autocannon from 'autocannon';

/** One load run: how many requests, how many connections at once, the wall-clock bound, what each request is. */
export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  readonly connections: number;
  readonly amount: number;
  readonly maxMs: number;
  /** Called for every request (a fresh nonce and signature each time). */
  readonly request: () => { headers: Record<string, string>; body: string };
}

/**
 * What autocannon saw: throughput from completed responses over the wall time from the start to the last
 * response, latency percentiles in ms.
 */
export interface LoadOutcome {
  readonly completed: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly timedOut: boolean;
  readonly statusCodes: Record<string, number>;
}

/**
 * Runs autocannon against 127.0.0.1 only, bounded by `amount` requests and by `maxMs` (stopped early if the
 * time bound passes first). The driver signs each request in `setupRequest`, so its CPU is its own, not the
 * server's.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  const target = new URL(spec.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`load only goes to 127.0.0.1, not ${target.host}`);
  const started = performance.now();
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    amount: spec.amount,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        setupRequest: (request) => {
          const { headers, body } = spec.request();
          return { ...request, headers: { ...request.headers, ...headers }, body };
        },
      },
    ],
  });
  // autocannon settles on its next one-second sample tick, not at the last response: timed to its own
  // promise, 20 000 requests at 4 000/s measured 6 s as often as 5 (requests/s in steps of 20 %, seen in
  // the decision bench's rounds: 3 324, 3 984/s). The last response ends the run.
  let lastResponseAt = started;
  instance.on('response', () => {
    lastResponseAt = performance.now();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    instance.stop();
  }, spec.maxMs);
  const result = await instance;
  clearTimeout(timer);
  const wallMs = lastResponseAt - started;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]),
  );
  const ok = result['2xx'];
  return {
    completed: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    wallMs,
    perSecond: (ok * 1000) / wallMs,
    p50: result.latency.p50,
    p99: result.latency.p99,
    timedOut,
    statusCodes,
  };
}
