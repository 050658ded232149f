import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToRolesOf } from './support/grant-to-roles-of';

/**
 * True counts for the operators' console (issue 19): every completed sign-in (ESIA, plain OIDC, the gateway's
 * password form, a vendor's password decision), link, unlink, refusal, warning and access request, counted when
 * it happens, per local day of the region, region and diary instance. Aggregates only, no person. An event that
 * belongs to no diary (a plain OIDC sign-in at the gateway's own page) is kept with region and instance ''.
 * Where the gateway runs as a role of its own, every role that may write login_stats may write these too.
 * The CHECK spells the kinds of src/core/activity.ts as they were then: a migration never imports the code it
 * outlives, and test/unit/activity.test.ts fails when the two lists part.
 */
export class ActivityCounts1783000000000 implements MigrationInterface {
  readonly name = 'ActivityCounts1783000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE activity_counts (
        day date NOT NULL,
        tenant_id text NOT NULL,
        instance_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('sign_in_esia', 'sign_in_oidc', 'sign_in_password_form',
          'sign_in_password_decision', 'link', 'unlink', 'refusal', 'warning', 'access_request')),
        count bigint NOT NULL DEFAULT 0 CHECK (count >= 0),
        PRIMARY KEY (tenant_id, day, instance_id, kind)
      )`,
    );
    await q.query(grantToRolesOf('login_stats', ['GRANT SELECT, INSERT, UPDATE ON activity_counts']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE activity_counts');
  }
}
