import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToRolesOf } from './support/grant-to-roles-of';

/**
 * The admin audit: one row per privileged change (operators, operator tokens, vendor keys, and what the
 * configuration files change in regions and diary instances), written in the same transaction as the change.
 * Append-only for every role, the gateway's own included, with the trigger function the initial schema made
 * for link_events and policy_changes (a bug or a stolen connection cannot rewrite history; TRUNCATE, which
 * skips row triggers, is refused too); a separate role of the gateway gets INSERT and SELECT only.
 * `before`/`after` never hold secret values. `down` removes what `up` adds.
 */
export class AdminAudit1781100000000 implements MigrationInterface {
  readonly name = 'AdminAudit1781100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE admin_audit');
  }
}

const ACTIONS = [
  'operator.granted',
  'operator.revoked',
  'operator-token.issued',
  'operator-token.revoked',
  'vendor-key.issued',
  'vendor-key.revoked',
  'region.created',
  'region.changed',
  'instance.created',
  'instance.changed',
]
  .map((a) => `'${a}'`)
  .join(', ');

const UP = [
  `CREATE TABLE admin_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL CHECK (actor <> ''),
    action text NOT NULL CHECK (action IN (${ACTIONS})),
    target text NOT NULL CHECK (target <> ''),
    tenant_ids text[] NOT NULL DEFAULT '{}',
    before jsonb,
    after jsonb,
    CONSTRAINT admin_audit_has_state CHECK (before IS NOT NULL OR after IS NOT NULL)
  )`,
  `CREATE INDEX admin_audit_at_idx ON admin_audit (at)`,
  `CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`,
  `CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`,
  // Where the gateway runs as a role of its own (not the owner that migrates), that role may read and append,
  // nothing else: every role granted anything on link_events gets SELECT and INSERT here, and no more.
  grantToRolesOf('link_events', [
    'GRANT SELECT, INSERT ON admin_audit',
    'GRANT USAGE ON SEQUENCE admin_audit_id_seq',
  ]),
];
