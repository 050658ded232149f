import { Agent, request as httpRequest } from 'node:http';
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
    const req = httpRequest(url, { agent }, (res) => {
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
