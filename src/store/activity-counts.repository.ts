import type { DataSource } from 'typeorm';
import type { ActivityKind } from '../core/activity';

/** One counter increment: a local day of a region (and the quarter hour), an instance, a kind, and by how much. */
export interface ActivityIncrement {
  readonly day: string;
  /** The quarter hour the events fell in (activity_recent, the last two days). */
  readonly slot: Date;
  readonly tenantId: string;
  readonly instanceId: string;
  readonly kind: ActivityKind;
  readonly count: number;
}

/** Where an instance's events are counted: its region and the region's time zone. */
export interface ActivityPlace {
  readonly tenantId: string;
  readonly timeZone: string;
}

/** activity_counts: daily aggregates per region, instance and kind, never a person (DESIGN §8). */
export class ActivityCountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a batch by day and by quarter hour; processes add up (ON CONFLICT … count + excluded.count). Slots
   * older than two days are deleted as the new ones are written.
   */
  async add(batch: readonly ActivityIncrement[]): Promise<void> {
    if (!batch.length) return;
    const days = sumBy(batch, (b) => [b.day, b.tenantId, b.instanceId, b.kind]);
    const recent = sumBy(batch, (b) => [b.slot.toISOString(), b.tenantId, b.instanceId, b.kind]);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO activity_counts (day, tenant_id, instance_id, kind, count) ${values(days, 'date')}
         ON CONFLICT (tenant_id, day, instance_id, kind) DO UPDATE SET count = activity_counts.count + excluded.count`,
        days.flat(),
      );
      await tx.query(
        `INSERT INTO activity_recent (slot, tenant_id, instance_id, kind, count) ${values(recent, 'timestamptz')}
         ON CONFLICT (slot, tenant_id, instance_id, kind) DO UPDATE SET count = activity_recent.count + excluded.count`,
        recent.flat(),
      );
      await tx.query(`DELETE FROM activity_recent WHERE slot < now() - interval '2 days'`);
    });
  }

  /** Events of `kind` per region over the hour before `now` (the overview's «за последний час»). */
  async lastHour(tenantIds: readonly string[], kind: ActivityKind, now: Date): Promise<Map<string, number>> {
    const rows: Array<{ tenantId: string; n: string }> = await this.dataSource.query(
      `SELECT tenant_id AS "tenantId", sum(count)::text AS n FROM activity_recent
       WHERE tenant_id = ANY($1) AND kind = $2 AND slot > $3::timestamptz - interval '1 hour' AND slot <= $3
       GROUP BY tenant_id`,
      [[...tenantIds], kind, now],
    );
    return new Map(rows.map((r) => [r.tenantId, Number(r.n)]));
  }

  /** Every diary instance's region and time zone. */
  async places(): Promise<Map<string, ActivityPlace>> {
    const rows: Array<{ id: string } & ActivityPlace> = await this.dataSource.query(
      `SELECT i.id, i.tenant_id AS "tenantId", t.time_zone AS "timeZone"
       FROM diary_instances i JOIN tenants t ON t.id = i.tenant_id`,
    );
    return new Map(rows.map((r) => [r.id, { tenantId: r.tenantId, timeZone: r.timeZone }]));
  }
}

/** Rows summed by `key` (the first four values), each `[...key, count]`. */
function sumBy(batch: readonly ActivityIncrement[], key: (b: ActivityIncrement) => string[]): unknown[][] {
  const sums = new Map<string, { key: string[]; count: number }>();
  for (const b of batch) {
    const k = key(b);
    const id = k.join('\u0000');
    sums.set(id, { key: k, count: (sums.get(id)?.count ?? 0) + b.count });
  }
  return [...sums.values()].map((s) => [...s.key, s.count]);
}

/** `VALUES ($1::type, $2, $3, $4, $5::bigint), …` for rows of five. */
function values(rows: readonly unknown[][], firstType: string): string {
  return `VALUES ${rows
    .map(
      (_, i) =>
        `($${i * 5 + 1}::${firstType}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5}::bigint)`,
    )
    .join(', ')}`;
}
