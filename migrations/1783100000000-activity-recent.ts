import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToRolesOf } from './support/grant-to-roles-of';

/**
 * The same counts as activity_counts by quarter hour, kept two days: what the console's overview needs for
 * «отказы за последний час» on cutover morning. Aggregates only; the rows older than two days are deleted as
 * new ones are written.
 */
export class ActivityRecent1783100000000 implements MigrationInterface {
  readonly name = 'ActivityRecent1783100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE activity_recent (
        slot timestamptz NOT NULL CHECK (extract(epoch FROM slot)::bigint % 900 = 0),
        tenant_id text NOT NULL,
        instance_id text NOT NULL,
        kind text NOT NULL,
        count bigint NOT NULL DEFAULT 0 CHECK (count >= 0),
        PRIMARY KEY (slot, tenant_id, instance_id, kind)
      )`,
    );
    await q.query(
      grantToRolesOf('activity_counts', ['GRANT SELECT, INSERT, UPDATE, DELETE ON activity_recent']),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE activity_recent');
  }
}
