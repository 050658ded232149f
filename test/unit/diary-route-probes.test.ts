import pino from 'pino';
import { VendorUnavailableError, type RouteProbe } from '../../adapters/contract';
import { DiaryRouteProbes } from '../../src/services/diary-route-probes';

/** The route probes' cache and timing, with adapters that stand in for probeRoutes (no vendor involved). */
function probes(probe: (() => Promise<RouteProbe>) | undefined, options: { timeoutMs?: number } = {}) {
  let t = 0;
  const calls = { n: 0 };
  const adapter = probe
    ? {
        probeRoutes: () => {
          calls.n++;
          return probe();
        },
      }
    : {};
  const subject = new DiaryRouteProbes({ all: () => [{ id: 'd-1', adapter }] }, pino({ level: 'silent' }), {
    cacheMs: 30_000,
    timeoutMs: options.timeoutMs ?? 1000,
    now: () => t,
  });
  return { subject, calls, advance: (ms: number) => (t += ms) };
}

const routes = (...present: boolean[]): RouteProbe => ({
  routes: present.map((p, i) => ({ route: `GET /r${i}`, present: p })),
});

describe('the diaries’ route probes', () => {
  it('reports the missing routes by name, and ok when every route is there', async () => {
    const { subject } = probes(async () => routes(true, false, false));
    expect(await subject.report(1000)).toEqual([
      expect.objectContaining({
        instanceId: 'd-1',
        status: 'misconfigured',
        missingRoutes: ['GET /r1', 'GET /r2'],
        probedRoutes: 3,
      }),
    ]);
    const fine = probes(async () => routes(true, true));
    expect((await fine.subject.report(1000))[0]).toMatchObject({ status: 'ok', missingRoutes: [] });
  });

  it('asks the vendor again only after the cache time', async () => {
    const { subject, calls, advance } = probes(async () => routes(true));
    await subject.report(1000);
    await subject.report(1000);
    advance(29_999);
    await subject.report(1000);
    expect(calls.n).toBe(1);
    advance(1);
    await subject.report(1000);
    expect(calls.n).toBe(2);
  });

  it('an outage of the probe reads as unreachable, never as routes missing', async () => {
    const { subject } = probes(() => Promise.reject(new VendorUnavailableError('d-1', 'unreachable')));
    expect((await subject.report(1000))[0]).toMatchObject({ status: 'unreachable', missingRoutes: [] });
  });

  it('a server refusing the gateway’s credential reads as misconfigured (no retry helps), not unreachable', async () => {
    const refused = new VendorUnavailableError(
      'd-1',
      'extension /capabilities: HTTP 401 (credential refused)',
      {
        fault: 'configuration',
      },
    );
    const { subject } = probes(() => Promise.reject(refused));
    expect((await subject.report(1000))[0]).toMatchObject({
      status: 'misconfigured',
      missingRoutes: [],
      refusal: 'd-1: extension /capabilities: HTTP 401 (credential refused)',
    });
  });

  it('a probe slower than its limit reads as unreachable', async () => {
    const { subject } = probes(() => new Promise(() => undefined), { timeoutMs: 20 });
    await subject.report(10);
    await new Promise((r) => setTimeout(r, 40));
    expect((await subject.report(0))[0]).toMatchObject({ status: 'unreachable' });
  });

  it('does not wait longer than asked: the last known result (none yet: not probed) is answered', async () => {
    const { subject } = probes(() => new Promise(() => undefined), { timeoutMs: 300 });
    const started = Date.now();
    expect((await subject.report(20))[0]).toMatchObject({ status: 'not_probed', checkedAt: null });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an adapter without probeRoutes is not probed, not reported degraded', async () => {
    const { subject } = probes(undefined);
    expect((await subject.report(1000))[0]).toMatchObject({ status: 'not_probed' });
  });
});
