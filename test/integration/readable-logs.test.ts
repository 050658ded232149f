import { DEVELOPMENT_VALUE_VARIABLES } from '../support/development-values';
import { duplicateKeys } from '../support/json-duplicate-keys';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(60_000);

interface Line {
  level: string;
  time: unknown;
  msg: string;
  [key: string]: unknown;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/*
 * Issue 18 item 5, read from the log of a real gateway process (src/main.ts, real PostgreSQL, the development
 * defaults a newcomer's `npm start` uses): one start-up line lists the variables on development values, every
 * time is an ISO date, no line has a key twice, a date is a date (not `{}`), and each request is one line with
 * the full path it was asked at.
 */
describe('logs a person can read (a gateway process with development defaults)', () => {
  let db: TestDatabase;
  let gw: GatewayProcess;
  let url: string;
  let lines: Line[];
  let raw: string[];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gw = spawnGateway({
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `elg-test-logs-${process.pid}:`,
      PORT: '0',
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'info',
      EMULATORS: 'false',
    });
    url = await gw.listening;
    const ask = (path: string, id: string) => fetch(`${url}${path}`, { headers: { 'x-request-id': id } });
    expect((await ask('/api/vendor/v1/no-such-call?key=x', 'req-vendor-404')).status).toBe(404);
    expect((await ask('/no-such-page?reason=x', 'req-page-404')).status).toBe(404);
    expect((await ask('/healthz', 'req-health-200')).status).toBe(200);
    gw.child.kill('SIGTERM');
    await gw.exited;
    raw = gw
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    lines = raw.map((l) => JSON.parse(l) as Line);
  });
  afterAll(async () => {
    if (gw && gw.child.exitCode === null) gw.child.kill('SIGKILL');
    await db?.drop();
  });

  it('one start-up line lists every variable on a development value, and no other line repeats the warning', () => {
    const dev = lines.filter((l) => /DEVELOPMENT value/i.test(l.msg));
    expect(dev).toHaveLength(1);
    expect(dev[0]).toMatchObject({
      level: 'warn',
      variables: [...DEVELOPMENT_VALUE_VARIABLES],
    });
    expect(gw.stdout()).not.toContain('is not set: using a DEVELOPMENT value');
  });

  it('every line carries its time as an ISO 8601 date, and a logged date is a date', () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(String(line.time)).toMatch(ISO_TIME);
    const signer = lines.find((l) => l.msg.startsWith('GOST signer'));
    expect((signer?.['signer'] as { certificateNotAfter: unknown }).certificateNotAfter).toMatch(ISO_TIME);
    expect(raw.join('\n')).not.toContain(':{}');
  });

  it('no line has a key twice (the adapters log their instance through a logger already bound to it)', () => {
    const twice = raw.map((l) => ({ line: l, keys: duplicateKeys(l) })).filter((d) => d.keys.length);
    expect(twice).toEqual([]);
    expect(lines.filter((l) => l['instance'] === 'cop-86').length).toBeGreaterThan(0);
  });

  it('one line per request, with the full path (not the path inside a router) and without the query', () => {
    const of = (id: string) => lines.filter((l) => l['reqId'] === id);
    expect(of('req-vendor-404')).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'request refused',
        method: 'GET',
        path: '/api/vendor/v1/no-such-call',
        status: 404,
        code: 'not_found',
      }),
    ]);
    expect(of('req-page-404')).toEqual([
      expect.objectContaining({ path: '/no-such-page', status: 404, code: 'not_found' }),
    ]);
    expect(of('req-health-200')).toEqual([
      expect.objectContaining({ level: 'info', msg: 'request', path: '/healthz', status: 200 }),
    ]);
  });

  it('the start says PUBLIC_URL, the address to open', () => {
    expect(gw.stdout()).toContain('ESIA Link Gateway is running at http://127.0.0.1 (PUBLIC_URL');
    expect(lines.find((l) => l.msg === 'gateway listening')).toMatchObject({
      publicUrl: 'http://127.0.0.1',
    });
  });
});
