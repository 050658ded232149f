import type { MigrationInterface, QueryRunner } from 'typeorm';

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
    await q.query(`DO $$
      DECLARE r record;
      BEGIN
        FOR r IN
          SELECT DISTINCT pg_get_userbyid(acl.grantee) AS name
          FROM pg_class c, aclexplode(c.relacl) acl
          WHERE c.oid = 'activity_counts'::regclass AND acl.grantee <> 0 AND acl.grantee <> c.relowner
        LOOP
          EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON diary_active_users TO %I', r.name);
        END LOOP;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE diary_active_users');
  }
}
