import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadOutcome } from './load';

/** Requests sent on a fixed schedule, whatever the server's answers: what a vendor's traffic below capacity is. */
export interface PacedLoadSpec {
  readonly url: string;
  readonly path: string;
  /** Most connections open at once (kept alive and reused). */
  readonly connections: number;
  /** Requests per second, spread evenly: request i is due at i / rate seconds. */
  readonly rate: number;
  readonly amount: number;
  readonly maxMs: number;
  readonly request: () => { headers: Record<string, string>; body: string };
}

/**
 * An open-loop load: request i is due at start + i / rate and goes out then (or as soon as the driver can),
 * and its latency runs from that due time to the end of its answer, so a server that stalls is charged for the
 * requests that waited behind the stall (no coordinated omission). autocannon's own rate limit sends each
 * second's quota as fast as it can at the start of the second: bursts that measure a queue again (bare Express
 * answered at p99 27 ms under "1 000/s" that way, p50 5 ms). Latency here counts from each request's due
 * time to the end of its answer.
 */
export async function runPacedLoad(spec: PacedLoadSpec): Promise<LoadOutcome> {
  const target = new URL(spec.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`load only goes to 127.0.0.1, not ${target.host}`);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let settled = 0;
  let lastAnswerAt = 0;
  const started = performance.now();
  const intervalMs = 1000 / spec.rate;

  const send = (dueAt: number) => {
    const { headers, body } = spec.request();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: spec.path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          lastAnswerAt = performance.now();
          latencies.push(lastAnswerAt - dueAt);
          const code = res.statusCode ?? 0;
          statusCodes[code] = (statusCodes[code] ?? 0) + 1;
          if (code >= 200 && code < 300) ok++;
          else non2xx++;
          settled++;
        });
      },
    );
    req.on('error', () => {
      errors++;
      settled++;
    });
    req.end(body);
  };

  const timedOut = await new Promise<boolean>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (now - started > spec.maxMs) return resolve(true);
      while (sent < spec.amount && started + sent * intervalMs <= now) send(started + sent++ * intervalMs);
      if (settled >= spec.amount) return resolve(false);
      // A timer of 1 ms (Node's finest): the requests that fell due meanwhile go out together, late by < 1 ms,
      // and that lateness is charged to the latency.
      setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const wallMs = (lastAnswerAt || performance.now()) - started;
  return {
    completed: settled,
    ok,
    non2xx,
    errors,
    wallMs,
    perSecond: (ok * 1000) / wallMs,
    p50: at(0.5),
    p99: at(0.99),
    timedOut,
    statusCodes,
  };
}
