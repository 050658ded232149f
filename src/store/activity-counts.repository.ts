import type { DataSource } from 'typeorm';
import type { ActivityKind } from '../core/activity';

/** One counter increment: a local day of a region, an instance, a kind, and by how much. */
export interface ActivityIncrement {
  readonly day: string;
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

  /** Adds a batch in one statement; concurrent processes add up (ON CONFLICT … count + excluded.count). */
  async add(batch: readonly ActivityIncrement[]): Promise<void> {
    if (!batch.length) return;
    const params: unknown[] = [];
    const rows = batch.map((b) => {
      params.push(b.day, b.tenantId, b.instanceId, b.kind, b.count);
      const n = params.length;
      return `($${n - 4}::date, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::bigint)`;
    });
    await this.dataSource.query(
      `INSERT INTO activity_counts (day, tenant_id, instance_id, kind, count) VALUES ${rows.join(', ')}
       ON CONFLICT (tenant_id, day, instance_id, kind) DO UPDATE SET count = activity_counts.count + excluded.count`,
      params,
    );
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
