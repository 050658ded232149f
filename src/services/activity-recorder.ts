import type { Counter } from 'prom-client';
import type { Clock } from '../core/clock';
import { formatIsoDate, localDateAt } from '../core/local-date';
import type { Logger } from '../logger';
import type { ActivityIncrement, ActivityPlace } from '../store/activity-counts.repository';
import type { ActivityKind } from '../core/activity';
import { BufferedCounts } from './buffered-counts';

/** Where counts go and where instances live (ActivityCountsRepository). */
export interface ActivitySink {
  add(batch: readonly ActivityIncrement[]): Promise<void>;
  places(): Promise<ReadonlyMap<string, ActivityPlace>>;
}

/** Events are kept by quarter hour until written: every time zone's midnight falls on one. */
const SLOT_MS = 15 * 60_000;
const SEP = '\u0000';
/** The row of an event that belongs to no diary (a plain OIDC sign-in at the gateway's own page). */
const NOWHERE: ActivityPlace = { tenantId: '', timeZone: 'UTC' };

/**
 * Registers the /metrics counter the recorder counts in (labels region, diary, kind): the gateway and the test
 * harnesses that build one register it alike, so the alerts and the dashboard read the same series.
 */
export const activityMetric = (metrics: {
  counter(name: string, help: string, labelNames: string[]): Counter<string>;
}): Counter<'region' | 'diary' | 'kind'> =>
  metrics.counter('elg_activity_total', 'Sign-ins, links, unlinks, refusals, warnings and access requests', [
    'region',
    'diary',
    'kind',
  ]);

/**
 * Counts the console's events (src/core/activity.ts) in memory and writes them in one upsert per interval,
 * so that no journey waits for a write; /metrics counts the same call (labels region, diary, kind). A failed
 * write keeps the counts for the next one; at most the last interval is lost in a crash.
 */
export class ActivityRecorder extends BufferedCounts {
  private places: ReadonlyMap<string, ActivityPlace> = new Map();

  constructor(
    private readonly sink: ActivitySink,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metric?: Counter<'region' | 'diary' | 'kind'>,
    intervalMs = 1000,
  ) {
    super(intervalMs);
  }

  /** Counts one event now (a CountActivity). */
  readonly count = (kind: ActivityKind, instanceId: string | null): void => {
    const slot = Math.floor(this.clock.now().getTime() / SLOT_MS);
    const place = instanceId === null ? NOWHERE : this.places.get(instanceId);
    // An instance not seen yet is counted in /metrics once its region is known (at the write).
    if (place) this.metric?.inc({ region: place.tenantId, diary: instanceId ?? '', kind });
    this.add([slot, instanceId ?? '', kind, place ? '1' : '0'].join(SEP));
  };

  /** Learns where the instances live, then writes periodically. */
  override async start(): Promise<void> {
    this.places = await this.sink.places();
    super.start();
  }

  protected async write(taken: ReadonlyMap<string, number>): Promise<void> {
    const entries = [...taken].map(([key, count]) => {
      const [slot, instanceId, kind, metered] = key.split(SEP) as [string, string, ActivityKind, string];
      return { slot: Number(slot), instanceId, kind, metered: metered === '1', count };
    });
    try {
      if (entries.some((e) => e.instanceId && !this.places.has(e.instanceId)))
        this.places = await this.sink.places();
      const rows = new Map<string, ActivityIncrement>();
      for (const e of entries) {
        const place = e.instanceId ? this.places.get(e.instanceId) : NOWHERE;
        if (!place) {
          this.logger.warn(
            { instanceId: e.instanceId, kind: e.kind },
            'event of an unknown diary not counted',
          );
          e.count = 0;
          continue;
        }
        if (!e.metered)
          this.metric?.inc({ region: place.tenantId, diary: e.instanceId, kind: e.kind }, e.count);
        e.metered = true;
        const day = formatIsoDate(localDateAt(new Date(e.slot * SLOT_MS), place.timeZone));
        const k = [e.slot, place.tenantId, e.instanceId, e.kind].join(SEP);
        const sum = (rows.get(k)?.count ?? 0) + e.count;
        const slot = new Date(e.slot * SLOT_MS);
        rows.set(k, {
          day,
          slot,
          tenantId: place.tenantId,
          instanceId: e.instanceId,
          kind: e.kind,
          count: sum,
        });
      }
      await this.sink.add([...rows.values()]);
    } catch (err) {
      for (const e of entries.filter((x) => x.count))
        this.add([e.slot, e.instanceId, e.kind, e.metered ? '1' : '0'].join(SEP), e.count);
      this.logger.warn({ err }, 'activity counts not written; retrying with the next flush');
    }
  }
}
