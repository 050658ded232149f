import type { DataSource } from 'typeorm';
import type { AgeBand, LoginDecision } from './entities/login-stat.entity';

/** One counter increment: a local day of a region, an instance, an age band, a decision, and by how much. */
export interface StatIncrement {
  readonly day: string;
  readonly tenantId: string;
  readonly instanceId: string;
  readonly ageBand: AgeBand;
  readonly decision: LoginDecision;
  readonly count: number;
}

/** One row of a daily report. */
export interface DailyStat {
  readonly day: string;
  readonly instanceId: string;
  readonly ageBand: AgeBand;
  readonly decision: LoginDecision;
  readonly count: number;
}

/** login_stats: daily aggregates only, never a person (DESIGN §8). */
export class LoginStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds a batch in one statement; concurrent processes add up (ON CONFLICT … count + excluded.count). */
  async add(batch: readonly StatIncrement[]): Promise<void> {
    if (!batch.length) return;
    const params: unknown[] = [];
    const rows = batch.map((b) => {
      params.push(b.day, b.tenantId, b.instanceId, b.ageBand, b.decision, b.count);
      const n = params.length;
      return `($${n - 5}::date, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::bigint)`;
    });
    await this.dataSource.query(
      `INSERT INTO login_stats (day, tenant_id, instance_id, age_band, decision, count) VALUES ${rows.join(', ')}
       ON CONFLICT (day, tenant_id, instance_id, age_band, decision)
       DO UPDATE SET count = login_stats.count + excluded.count`,
      params,
    );
  }

  /** Daily counts of a region (optionally one instance) over [from, to] local days. */
  async daily(tenantId: string, from: string, to: string, instanceId?: string): Promise<DailyStat[]> {
    const rows: Array<DailyStat & { count: string }> = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, instance_id AS "instanceId", age_band AS "ageBand", decision,
         count FROM login_stats
       WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR instance_id = $4)
       ORDER BY day, instance_id`,
      [tenantId, from, to, instanceId ?? null],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }
}
