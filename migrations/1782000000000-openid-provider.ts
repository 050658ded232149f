import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway as OpenID Provider (issue 16): its signing keys (sealed private JWKs, one active at a time by a
 * partial unique index, the retired ones kept for the JWKS until their tokens have expired) and each diary
 * instance's client registration (`oidc` in config/instances.json; secrets stay in the environment).
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
];

const DOWN = ['ALTER TABLE diary_instances DROP COLUMN oidc_client', 'DROP TABLE provider_signing_keys'];
