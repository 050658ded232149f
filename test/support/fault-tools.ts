import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { signVendorRequest } from '../../emulators/cop-hmao/gateway.client';
import { startDnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { fromRoot } from '../../src/paths';
import { freePort } from './private-postgres';
import type { TestDatabase } from './test-database';
import type { GatewayProcess } from './spawn-gateway';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A demo vendor key of config/demo-vendor-credentials.json (seeded by a gateway outside production). */
export interface VendorKey {
  instanceId: string;
  keyId: string;
  secret: string;
}

/** The demo key of one diary instance. */
export function demoVendorKey(instanceId: string): VendorKey {
  const file = JSON.parse(readFileSync(fromRoot('config/demo-vendor-credentials.json'), 'utf8')) as {
    credentials: VendorKey[];
  };
  const key = file.credentials.find((k) => k.instanceId === instanceId);
  if (!key) throw new Error(`no demo key for ${instanceId}`);
  return key;
}

/** What one HTTP exchange ended with: a status and body, or the network error's code. */
export interface Outcome {
  status?: number;
  json?: { error?: { code?: string; message?: string; reference?: string } } & Record<string, unknown>;
  text?: string;
  error?: string;
  ms: number;
}

/** A vendor-signed JSON request to the gateway, as docs/vendor-api.md describes, bounded in time. */
export async function vendorRequest(
  gatewayUrl: string,
  key: VendorKey,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<Outcome> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = signVendorRequest({
    method,
    pathWithQuery: path,
    body: text,
    keyId: key.keyId,
    secret: key.secret,
    now: new Date(),
  });
  const started = Date.now();
  try {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: {
        ...headers,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const raw = await response.text();
    let json: Outcome['json'];
    try {
      json = JSON.parse(raw) as Outcome['json'];
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text: raw, ms: Date.now() - started };
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    return { error: e.cause?.code ?? e.name ?? String(err), ms: Date.now() - started };
  }
}

/** The password-login decision for one diary account. */
export function askDecision(gatewayUrl: string, key: VendorKey, userId: string): Promise<Outcome> {
  return vendorRequest(gatewayUrl, key, 'POST', '/api/vendor/v1/password-login/decision', {
    userId,
    birthDate: '2000-01-01',
    roles: ['parent'],
  });
}

/** The gateway's words for "a store it needs is down" (dependency_unavailable), as a person reads them. */
export const UNAVAILABLE_RU = 'Сервис временно недоступен. Попробуйте позже.';

/** Requests a test keeps sending in the background: what came back so far, and how to end them. */
export interface BackgroundLoad<T> {
  /** In the order they came back; grows until `stop()`. */
  readonly results: T[];
  /** Lets each loop finish the request it is in, then resolves. */
  stop(): Promise<void>;
}

/** One password decision of a load: its outcome, when it came back and which gateway answered. */
export type TimedDecision = Outcome & { at: number; gateway: string };

/**
 * Vendors asking for password decisions back to back while a fault is made: one loop per entry of `gateways`
 * (name a gateway twice for two loops on it), `pauseMs` between a loop's requests, every user id new
 * (`<prefix>-<loop>-<n>`) so that no login reaches its rate limit.
 */
export function startDecisionLoad(
  key: VendorKey,
  gateways: readonly string[],
  options: { prefix: string; pauseMs: number },
): BackgroundLoad<TimedDecision> {
  let stopped = false;
  const results: TimedDecision[] = [];
  const loops = gateways.map(async (gateway, loop) => {
    for (let n = 0; !stopped; n++) {
      const outcome = await askDecision(gateway, key, `${options.prefix}-${loop}-${n}`);
      results.push({ ...outcome, at: Date.now(), gateway });
      await sleep(options.pauseMs);
    }
  });
  return {
    results,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** One answer of /readyz: when it came back, its status, and what it said of PostgreSQL ('up', 'down'). */
export interface Readiness {
  at: number;
  status?: number;
  postgres?: unknown;
}

/** Asks the gateway's /readyz every 100 ms, as a load balancer's health check would, until stopped. */
export function startReadinessProbe(gatewayUrl: string): BackgroundLoad<Readiness> {
  let stopped = false;
  const results: Readiness[] = [];
  const loop = (async () => {
    while (!stopped) {
      const r = await get(`${gatewayUrl}/readyz`);
      const deps = (r.json as { dependencies?: Record<string, unknown> } | undefined)?.dependencies;
      results.push({ at: Date.now(), status: r.status, postgres: deps?.['postgres'] });
      await sleep(100);
    }
  })();
  return {
    results,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * What a load of decisions through a database outage must show: every request was answered (no dropped
 * connection, no timeout), some were refused while the store was away, and each of those is a 503
 * dependency_unavailable with the Russian words, never a 500.
 */
export function expectAnsweredOr503Unavailable(decisions: readonly Outcome[]): void {
  expect(decisions.filter((d) => d.error)).toEqual([]);
  const failed = decisions.filter((d) => d.status !== 200);
  expect(failed.length).toBeGreaterThan(0);
  for (const d of failed) {
    expect(d.status).toBe(503);
    expect(d.json?.error).toMatchObject({ code: 'dependency_unavailable', message: UNAVAILABLE_RU });
  }
}

/** A plain GET, as a browser (HTML) or a probe would send it. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let json: Outcome['json'];
    try {
      json = JSON.parse(text) as Outcome['json'];
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json, ms: Date.now() - started };
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    return { error: e.cause?.code ?? e.name ?? String(err), ms: Date.now() - started };
  }
}

/** Polls `check` until it is true, failing after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * A reverse proxy in front of a vendor (or any HTTP service) that a test can make slow or take down, and that
 * counts the requests that reached it by "METHOD /path" (query left off).
 */
export interface FaultProxy {
  readonly url: string;
  /** Requests that reached the proxy so far (counted on arrival), by "METHOD /path". */
  readonly counts: Map<string, number>;
  /** Holds each request this long before forwarding it. */
  delayMs: number;
  /**
   * Holds the answers to requests whose "METHOD /path" matches, this long after the upstream gave them (the
   * upstream has done the work by then); null holds none.
   */
  holdAnswers: { match: RegExp; ms: number } | null;
  /** Drops every connection at once, like a host that went away. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (http://host:port) on a free 127.0.0.1 port. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const proxy: FaultProxy = {
    url: '',
    counts: new Map(),
    delayMs: 0,
    holdAnswers: null,
    setDown(value) {
      down = value;
      if (value) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
      proxy.counts.set(key, (proxy.counts.get(key) ?? 0) + 1);
      void sleep(proxy.delayMs).then(() => {
        if (down || res.destroyed) return req.socket.destroy();
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host },
          },
          (answer) => {
            const body: Buffer[] = [];
            answer.on('data', (c: Buffer) => body.push(c));
            answer.on('end', () => {
              // Unreferenced: an answer held past the test's end does not keep the process alive.
              const hold = proxy.holdAnswers?.match.test(key) ? proxy.holdAnswers.ms : 0;
              setTimeout(() => {
                if (down || res.destroyed) return req.socket.destroy();
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                res.end(Buffer.concat(body));
              }, hold).unref();
            });
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(Buffer.concat(chunks));
      });
    });
  });
  server.on('connection', (socket) => {
    if (down) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** Дневник.ру's emulator behind a fault proxy: the diary a test makes slow or takes down. */
export interface DnevnikBehindProxy {
  proxy: FaultProxy;
  /** Closes the proxy, then the emulator. */
  close(): Promise<void>;
}

/**
 * Starts Дневник.ру's emulator behind a fault proxy and enters it in `db` (migrated, otherwise empty) as the
 * only diary: region 86 and its instance dnevnik-86 at the proxy's address, credentials TEST_DNEVNIK.
 */
export async function dnevnikBehindFaultProxy(db: TestDatabase): Promise<DnevnikBehindProxy> {
  const dnevnik = await startDnevnikEmulator({ port: 0 });
  const proxy = await startFaultProxy(dnevnik.url);
  await db.dataSource.query(
    `INSERT INTO tenants (id, name, time_zone) VALUES ('86', 'Югра', 'Asia/Yekaterinburg')`,
  );
  await db.dataSource.query(
    `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref)
     VALUES ('dnevnik-86', '86', 'dnevnik', $1, 'Дневник.ру', 'TEST_DNEVNIK')`,
    [proxy.url],
  );
  return {
    proxy,
    async close() {
      await proxy.close();
      await dnevnik.close();
    },
  };
}

/** A redis-server of one test's own (the machine's Redis serves other suites), stopped and started at will. */
export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * redis-server's arguments for a server of a test's own on `port`: loopback only, nothing kept (no RDB snapshot,
 * no append-only file); what it must still write (the RDB of a replica's full sync) goes into `dir`, if given.
 */
/**
 * Runs `work` on a connection of its own to the redis-server (or sentinel) on `port` and closes it: no retries,
 * so a server that is not up (yet) fails the call at once.
 */
export async function onRedisAt<T>(port: number, work: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await work(r);
  } finally {
    r.disconnect();
  }
}

/** SIGKILLs every child still running, waits for each to exit, then removes their private folder. */
export async function killAll(children: readonly ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

export function throwawayRedisArgs(port: number, dir?: string): string[] {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  return dir === undefined ? args : [...args, '--dir', dir];
}

/** Starts redis-server on a free port without persistence. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      server = spawn('redis-server', throwawayRedisArgs(port), { stdio: 'ignore' });
      await eventually(() => accepts(port), 5000, `redis-server on ${port}`);
    },
    async stop() {
      const child = server;
      server = undefined;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
  await redis.start();
  return redis;
}

/** True when something accepts TCP connections on `port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The end of a fault suite that ran one gateway beside a journey harness on a PostgreSQL of its own: the
 * gateway stopped as an operator would (SIGTERM, after its requests), the harness closed, the database gone.
 * Any part the suite never got to start is skipped.
 */
export async function tearDownGatewayWorld(parts: {
  gw: GatewayProcess | undefined;
  harness: { close(): Promise<void> } | undefined;
  pg: { destroy(): Promise<void> } | undefined;
}): Promise<void> {
  const { gw, harness, pg } = parts;
  if (gw && gw.child.exitCode === null) {
    gw.child.kill('SIGTERM');
    await gw.exited;
  }
  await harness?.close().catch(() => undefined);
  await pg?.destroy();
}
