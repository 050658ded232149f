import { Agent, request as httpRequest } from 'node:http';
import { DEVELOPMENT_VALUE_VARIABLES } from '../support/development-values';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { spawnGateway } from '../support/spawn-gateway';

jest.setTimeout(60_000);

interface Outcome {
  status?: number;
  error?: string;
  /** The server said it is draining (Connection: close while /readyz is 503). */
  draining?: boolean;
}

/** One GET: the status, or the error code when the connection failed. */
function getOnce(url: string, agent: Agent | false = false): Promise<Outcome> {
  return new Promise((resolve) => {
    // As a browser at PUBLIC_URL's host (localhost by default): a page asked for at 127.0.0.1 is redirected there.
    const req = httpRequest(url, { agent, headers: { host: 'localhost' } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode, draining: res.headers['connection'] === 'close' }),
      );
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: `response ${e.code ?? e.message}` }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

describe('the gateway process', () => {
  it('a bad environment value prints one line naming the variable and exits non-zero', async () => {
    const gw = spawnGateway({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    const { code } = await gw.exited;
    expect(code).toBe(2);
    const lines = gw.stderr().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^configuration: PORT: invalid: /),
      expect.stringMatching(/^configuration: LOG_LEVEL: invalid: /),
    ]);
    expect(gw.stderr()).not.toMatch(/\n\s+at /);
  });

  it('production with the demo material written out prints one line per variable and exits 2', async () => {
    const devKey = Buffer.alloc(32, 7).toString('base64');
    const gw = spawnGateway({
      NODE_ENV: 'production',
      EMULATORS: 'false',
      DATABASE_URL: 'postgres://gw@db.internal/gw',
      REDIS_URL: 'redis://cache.internal:6379',
      PUBLIC_URL: 'http://localhost:3000',
      SESSION_SECRET: 'development-only-session-secret-change-me',
      PII_HMAC_KEY: devKey,
      PII_ENCRYPTION_KEY: devKey,
      CREDENTIAL_ENCRYPTION_KEY: devKey,
      ESIA_BASE_URL: 'http://127.0.0.1:7010',
      ESIA_CLIENT_ID: 'ELG_DEMO',
      ESIA_CLIENT_KEY_FILE: 'config/dev-keys/client.key.pem',
      ESIA_CLIENT_CERT_FILE: 'config/dev-keys/client.crt.pem',
      ESIA_CERTIFICATE_FILES: 'emulators/fixtures/keys/esia-rsa-2026.crt.pem',
    });
    const { code } = await gw.exited;
    expect(code).toBe(2);
    const lines = gw.stderr().trim().split('\n');
    expect(lines.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual(
      // In the README table's order, whichever area of src/config/ found the problem (issue 20 item 5).
      ['PUBLIC_URL', ...DEVELOPMENT_VALUE_VARIABLES].map((name) => `configuration: ${name}`),
    );
    expect(lines.every((l) => / invalid: /.test(l))).toBe(true);
  });

  it('a PostgreSQL that does not answer stops the start with one line, not a stack trace', async () => {
    const gw = spawnGateway({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const { code } = await gw.exited;
    expect(code).toBe(1);
    expect(gw.stderr().trim()).toMatch(/^start-up failed: PostgreSQL: .*ECONNREFUSED/);
    expect(gw.stderr().trim().split('\n')).toHaveLength(1);
  });

  describe('with real PostgreSQL and the configured store', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('serves /metrics on METRICS_PORT at 127.0.0.1 by default, and not on the user-facing port', async () => {
      const gw = spawnGateway({
        DATABASE_URL: db.url,
        ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
        REDIS_KEY_PREFIX: `elg-test-${process.pid}:`,
        PORT: '0',
        METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
        EMULATORS: 'false',
      });
      try {
        const url = await gw.listening;
        // main.ts prints the metrics address in a write of its own, after the line `listening` waits for.
        for (let i = 0; i < 100 && !gw.stdout().includes('Prometheus metrics'); i++)
          await new Promise((resolve) => setTimeout(resolve, 50));
        const metricsUrl = /Prometheus metrics \(internal\) at (\S+)/.exec(gw.stdout())?.[1];
        expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
        expect(new URL(metricsUrl!).port).not.toBe(new URL(url).port);
        expect((await getOnce(`${url}/metrics`)).status).toBe(404);
        const res = await fetch(metricsUrl!);
        expect(res.status).toBe(200);
        const body = await res.text();
        expect(body).toContain('http_request_duration_seconds');
        // The retention purge is started with the process and counted here, each rule from zero.
        expect(body).toContain('retention_purged_rows_total{rule="revoked-links"} 0');
        // Bounded in-process maps and linked answers count their evictions (issue 11).
        expect(body).toContain('# TYPE elg_memory_evictions_total counter');
      } finally {
        gw.child.kill('SIGINT');
        await gw.exited;
      }
    });

    it('SIGTERM under load fails no in-flight request and exits 0', async () => {
      const gw = spawnGateway({
        DATABASE_URL: db.url,
        ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
        REDIS_KEY_PREFIX: `elg-test-${process.pid}:`,
        PORT: '0',
        LOG_LEVEL: 'warn',
        EMULATORS: 'false',
        SHUTDOWN_GRACE_MS: '1500',
      });
      const url = await gw.listening;
      expect((await getOnce(`${url}/readyz`)).status).toBe(200);

      // Each worker behaves like a load balancer: it keeps sending until the process says it is draining.
      const outcomes: Outcome[] = [];
      const worker = async () => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        for (;;) {
          const r = await getOnce(`${url}/`, agent);
          outcomes.push(r);
          if (r.draining || r.error) return agent.destroy();
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      await new Promise((r) => setTimeout(r, 500));
      gw.child.kill('SIGTERM');
      await Promise.all(workers);
      const exit = await gw.exited;

      expect(outcomes.length).toBeGreaterThan(50);
      expect(outcomes.filter((o) => o.error)).toEqual([]);
      expect(outcomes.every((o) => o.status === 200)).toBe(true);
      expect(outcomes.filter((o) => o.draining)).toHaveLength(16);
      expect(exit).toEqual({ code: 0, signal: null });
    });
  });
});
