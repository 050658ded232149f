import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway as OpenID Provider (issue 16): its signing keys (sealed private JWKs, one active at a time by a
 * partial unique index, the retired ones kept for the JWKS until their tokens have expired) and each diary
 * instance's client registration (`oidc` in config/instances.json; secrets stay in the environment); creating
 * and rotating a key are admin audit actions.
 * `down` removes exactly what `up` adds.
 */
export class OpenIdProvider1782000000000 implements MigrationInterface {
  readonly name = 'OpenIdProvider1782000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of DOWN) await q.query(statement);
  }
}

/** The admin audit's actions before this migration (1781150000000), and the provider's key actions it adds. */
const ACTIONS_BEFORE = [
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
  'person.exported',
  'person.erased',
];
const ACTIONS = [...ACTIONS_BEFORE, 'provider-key.created', 'provider-key.rotated'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const UP = [
  `CREATE TABLE provider_signing_keys (
    kid text PRIMARY KEY CHECK (kid <> ''),
    alg text NOT NULL CHECK (alg IN ('RS256', 'ES256')),
    private_jwk_ciphertext bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL CHECK (created_by <> ''),
    retired_at timestamptz CHECK (retired_at IS NULL OR retired_at >= created_at)
  )`,
  // At most one key signs: two starting processes that both find no key cannot both create one.
  `CREATE UNIQUE INDEX provider_signing_keys_one_active_idx ON provider_signing_keys ((true)) WHERE retired_at IS NULL`,
  `ALTER TABLE diary_instances ADD COLUMN oidc_client jsonb CHECK (oidc_client IS NULL OR jsonb_typeof(oidc_client) = 'object')`,
  // The addresses a person may be sent back to are now the client's registered redirect URIs.
  'ALTER TABLE diary_instances DROP COLUMN return_url_allowlist',
  `ALTER TABLE admin_audit DROP CONSTRAINT admin_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check CHECK (action IN (${list(ACTIONS)}))`,
];

const DOWN = [
  // Rows of the new actions cannot be deleted (append-only): the old CHECK is restored for new rows only.
  `ALTER TABLE admin_audit DROP CONSTRAINT admin_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check CHECK (action IN (${list(ACTIONS_BEFORE)})) NOT VALID`,
  `ALTER TABLE diary_instances ADD COLUMN return_url_allowlist text[] NOT NULL DEFAULT '{}'`,
  'ALTER TABLE diary_instances DROP COLUMN oidc_client',
  'DROP TABLE provider_signing_keys',
];
