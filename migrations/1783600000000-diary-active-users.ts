import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToRolesOf } from './support/grant-to-roles-of';

/**
 * What each diary reports of its active users (issue 19: the console's share of active users linked), one row
 * per instance and local day of its region, the last answer of that day. A number only, no personal data.
 */
export class DiaryActiveUsers1783600000000 implements MigrationInterface {
  readonly name = 'DiaryActiveUsers1783600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE diary_active_users (
        instance_id text NOT NULL REFERENCES diary_instances(id) ON DELETE CASCADE,
        day date NOT NULL,
        window_days int NOT NULL CHECK (window_days BETWEEN 1 AND 366),
        active_users int NOT NULL CHECK (active_users >= 0),
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (instance_id, day)
      )`,
    );
    await q.query(
      grantToRolesOf('activity_counts', ['GRANT SELECT, INSERT, UPDATE, DELETE ON diary_active_users']),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE diary_active_users');
  }
}
