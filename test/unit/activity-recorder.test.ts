import type { Registry } from 'prom-client';
import { FixedClock } from '../../src/core/clock';
import { createMetrics } from '../../src/http/metrics';
import { createLogger } from '../../src/logger';
import { ActivityRecorder, type ActivitySink } from '../../src/services/activity-recorder';
import type { ActivityIncrement, ActivityPlace } from '../../src/store/activity-counts.repository';

/** The port in memory (the PostgreSQL side is test/journeys/console-counts.test.ts): what was written, by call. */
class MemorySink implements ActivitySink {
  written: ActivityIncrement[][] = [];
  failNext = false;
  places$ = new Map<string, ActivityPlace>([
    ['dnevnik-86', { tenantId: '86', timeZone: 'Asia/Yekaterinburg' }],
    ['setevoy-38', { tenantId: '38', timeZone: 'Asia/Irkutsk' }],
  ]);
  async add(batch: readonly ActivityIncrement[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('PostgreSQL is down');
    }
    this.written.push([...batch]);
  }
  async places() {
    return new Map(this.places$);
  }
}

const silent = createLogger({ level: 'silent' });

async function setUp(at: string) {
  const sink = new MemorySink();
  const clock = new FixedClock(new Date(at));
  const metrics = createMetrics({ defaults: false });
  const counter = metrics.counter('elg_activity_total', 'test', ['region', 'diary', 'kind']);
  const recorder = new ActivityRecorder(sink, clock, silent, counter, 60_000);
  await recorder.start();
  const metric = async () =>
    await (metrics.registry as Registry).getSingleMetricAsString('elg_activity_total');
  return { sink, clock, recorder, metric };
}

describe('the console counters (ActivityRecorder)', () => {
  it('counts an event on the local day of its region: 20:30 UTC on 6 December is the 7th in Yekaterinburg (UTC+5), the 7th in Irkutsk (UTC+8) too, and 18:59 UTC the 6th in Yekaterinburg', async () => {
    const { sink, clock, recorder } = await setUp('2026-12-06T20:30:00Z');
    recorder.count('sign_in_esia', 'dnevnik-86');
    recorder.count('sign_in_esia', 'dnevnik-86');
    recorder.count('link', 'setevoy-38');
    clock.set(new Date('2026-12-06T18:59:00Z'));
    recorder.count('sign_in_esia', 'dnevnik-86');
    await recorder.stop();
    expect(sink.written).toHaveLength(1);
    expect(sink.written[0]!.sort((a, b) => (a.day + a.kind < b.day + b.kind ? -1 : 1))).toEqual([
      { day: '2026-12-06', tenantId: '86', instanceId: 'dnevnik-86', kind: 'sign_in_esia', count: 1 },
      { day: '2026-12-07', tenantId: '38', instanceId: 'setevoy-38', kind: 'link', count: 1 },
      { day: '2026-12-07', tenantId: '86', instanceId: 'dnevnik-86', kind: 'sign_in_esia', count: 2 },
    ]);
  });

  it('counts in /metrics at the event, and a failed write keeps the counts for the next one without counting them twice', async () => {
    const { sink, recorder, metric } = await setUp('2026-12-07T06:00:00Z');
    recorder.count('refusal', 'dnevnik-86');
    recorder.count('refusal', 'dnevnik-86');
    expect(await metric()).toContain('elg_activity_total{region="86",diary="dnevnik-86",kind="refusal"} 2');
    sink.failNext = true;
    await recorder.flush();
    expect(sink.written).toEqual([]);
    recorder.count('refusal', 'dnevnik-86');
    await recorder.flush();
    expect(sink.written).toEqual([
      [{ day: '2026-12-07', tenantId: '86', instanceId: 'dnevnik-86', kind: 'refusal', count: 3 }],
    ]);
    expect(await metric()).toContain('elg_activity_total{region="86",diary="dnevnik-86",kind="refusal"} 3');
  });

  it('an instance added after the start is looked up at the write and counted in /metrics once, there; an event of no diary has no region', async () => {
    const { sink, recorder, metric } = await setUp('2026-12-07T06:00:00Z');
    sink.places$.set('cop-86', { tenantId: '86', timeZone: 'Asia/Yekaterinburg' });
    recorder.count('access_request', 'cop-86');
    recorder.count('sign_in_oidc', null);
    expect(await metric()).not.toContain('cop-86');
    await recorder.flush();
    expect(sink.written[0]).toEqual(
      expect.arrayContaining([
        { day: '2026-12-07', tenantId: '86', instanceId: 'cop-86', kind: 'access_request', count: 1 },
        { day: '2026-12-07', tenantId: '', instanceId: '', kind: 'sign_in_oidc', count: 1 },
      ]),
    );
    const text = await metric();
    expect(text).toContain('elg_activity_total{region="86",diary="cop-86",kind="access_request"} 1');
    expect(text).toContain('elg_activity_total{region="",diary="",kind="sign_in_oidc"} 1');
  });
});
