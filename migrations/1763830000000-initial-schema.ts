import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema of DESIGN §8, written by hand (docs/decisions/0001-hand-written-migrations.md).
 * Invariants live here, in PostgreSQL, so that no code path (and no second gateway process) can break them:
 * one active link per diary account and per ESIA person in an instance (§5.3), an append-only audit log,
 * CHECK constraints for every enumerated value. `down` removes everything `up` created.
 */
export class InitialSchema1763830000000 implements MigrationInterface {
  readonly name = 'InitialSchema1763830000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of DOWN) await q.query(statement);
  }
}

const ROLES = `'student', 'parent', 'teacher', 'staff'`;

const UP = [
  `CREATE TABLE tenants (
    id text PRIMARY KEY CHECK (id ~ '^[0-9]{2,3}$'),
    name text NOT NULL CHECK (name <> ''),
    time_zone text NOT NULL CHECK (time_zone <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // adapter_kind has no CHECK on purpose: a new vendor is a folder and a registry line, not a migration.
  `CREATE TABLE diary_instances (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    tenant_id text NOT NULL REFERENCES tenants (id),
    adapter_kind text NOT NULL CHECK (adapter_kind <> ''),
    base_url text NOT NULL CHECK (base_url ~ '^https?://'),
    display_name text NOT NULL CHECK (display_name <> ''),
    credentials_ref text NOT NULL CHECK (credentials_ref <> ''),
    return_url_allowlist text[] NOT NULL DEFAULT '{}',
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Target of the composite keys below: a scoped row's instance must belong to the row's tenant.
    CONSTRAINT diary_instances_id_tenant_uq UNIQUE (id, tenant_id)
  )`,
  `CREATE INDEX diary_instances_tenant_idx ON diary_instances (tenant_id)`,

  `CREATE TABLE links (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    esia_issuer text NOT NULL CHECK (esia_issuer <> ''),
    esia_oid text NOT NULL CHECK (esia_oid <> ''),
    instance_id text NOT NULL REFERENCES diary_instances (id),
    legacy_user_id text NOT NULL CHECK (legacy_user_id <> ''),
    method text NOT NULL CHECK (method IN ('settings-page', 'diary-password', 'snils-match', 'operator')),
    linked_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    revoked_reason text,
    CONSTRAINT links_revocation_has_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
    CONSTRAINT links_revoked_after_linked CHECK (revoked_at IS NULL OR revoked_at >= linked_at)
  )`,
  // DESIGN §5.3: a diary account has at most one active ESIA link ...
  `CREATE UNIQUE INDEX links_active_account_uq ON links (instance_id, legacy_user_id) WHERE revoked_at IS NULL`,
  // ... and an ESIA person already linked in an instance is a conflict, never a silent second account.
  `CREATE UNIQUE INDEX links_active_person_uq ON links (esia_issuer, esia_oid, instance_id) WHERE revoked_at IS NULL`,
  `CREATE INDEX links_person_idx ON links (esia_issuer, esia_oid)`,

  `CREATE TABLE link_events (
    id bigserial PRIMARY KEY,
    link_id uuid REFERENCES links (id),
    instance_id text NOT NULL REFERENCES diary_instances (id),
    kind text NOT NULL CHECK (kind IN ('linked', 'revoked', 'conflict')),
    actor text NOT NULL CHECK (actor <> ''),
    at timestamptz NOT NULL DEFAULT now(),
    details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
  )`,
  `CREATE INDEX link_events_link_idx ON link_events (link_id)`,
  `CREATE INDEX link_events_instance_at_idx ON link_events (instance_id, at)`,

  `CREATE TABLE policies (
    id bigserial PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    instance_id text,
    version integer NOT NULL CHECK (version > 0),
    mode text NOT NULL CHECK (mode IN ('off', 'announce', 'shadow', 'enforce')),
    announce_date date,
    cutover_date date,
    warn_days integer NOT NULL DEFAULT 30 CHECK (warn_days BETWEEN 0 AND 366),
    min_age integer NOT NULL DEFAULT 14 CHECK (min_age BETWEEN 0 AND 120),
    roles text[] NOT NULL DEFAULT '{student,parent,teacher,staff}' CHECK (roles <@ ARRAY[${ROLES}]),
    unknown_birth_date_rule text NOT NULL DEFAULT 'deny' CHECK (unknown_birth_date_rule IN ('deny', 'allow')),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL CHECK (created_by <> ''),
    CONSTRAINT policies_instance_of_tenant FOREIGN KEY (instance_id, tenant_id)
      REFERENCES diary_instances (id, tenant_id),
    CONSTRAINT policies_cutover_needed CHECK (mode = 'off' OR cutover_date IS NOT NULL),
    CONSTRAINT policies_announce_before_cutover CHECK (announce_date IS NULL OR cutover_date IS NULL
      OR announce_date <= cutover_date)
  )`,
  // One version number per scope; NULL instance (the tenant-wide policy) is a scope of its own.
  `CREATE UNIQUE INDEX policies_tenant_version_uq ON policies (tenant_id, version) WHERE instance_id IS NULL`,
  `CREATE UNIQUE INDEX policies_instance_version_uq ON policies (tenant_id, instance_id, version)
    WHERE instance_id IS NOT NULL`,

  `CREATE TABLE policy_changes (
    id bigserial PRIMARY KEY,
    policy_id bigint NOT NULL REFERENCES policies (id),
    tenant_id text NOT NULL REFERENCES tenants (id),
    instance_id text REFERENCES diary_instances (id),
    changed_by text NOT NULL CHECK (changed_by <> ''),
    changed_at timestamptz NOT NULL DEFAULT now(),
    reason text NOT NULL CHECK (reason <> ''),
    before jsonb,
    after jsonb NOT NULL
  )`,
  `CREATE INDEX policy_changes_tenant_at_idx ON policy_changes (tenant_id, changed_at)`,

  `CREATE TABLE bypass_windows (
    id bigserial PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    instance_id text,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    reason text NOT NULL CHECK (reason <> ''),
    created_by text NOT NULL CHECK (created_by <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    CONSTRAINT bypass_windows_instance_of_tenant FOREIGN KEY (instance_id, tenant_id)
      REFERENCES diary_instances (id, tenant_id),
    CONSTRAINT bypass_windows_ends_after_start CHECK (ends_at > starts_at)
  )`,
  `CREATE INDEX bypass_windows_tenant_ends_idx ON bypass_windows (tenant_id, ends_at)`,

  `CREATE TABLE exemptions (
    id bigserial PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    instance_id text NOT NULL,
    legacy_user_id text NOT NULL CHECK (legacy_user_id <> ''),
    reason text NOT NULL CHECK (reason <> ''),
    expires_at timestamptz,
    created_by text NOT NULL CHECK (created_by <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CONSTRAINT exemptions_instance_of_tenant FOREIGN KEY (instance_id, tenant_id)
      REFERENCES diary_instances (id, tenant_id)
  )`,
  `CREATE INDEX exemptions_active_account_idx ON exemptions (instance_id, legacy_user_id) WHERE revoked_at IS NULL`,

  `CREATE TABLE access_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    instance_id text NOT NULL REFERENCES diary_instances (id),
    organization_id text NOT NULL CHECK (organization_id <> ''),
    role text NOT NULL CHECK (role IN (${ROLES})),
    reason text NOT NULL CHECK (reason IN ('organization_missing', 'profile_missing', 'data_mismatch')),
    message text NOT NULL CHECK (char_length(message) <= 2000),
    contact text NOT NULL CHECK (char_length(contact) BETWEEN 1 AND 200),
    esia_oid text,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'rejected')),
    resolution text,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    resolved_at timestamptz,
    resolved_by text,
    CONSTRAINT access_requests_closed_has_who_and_when CHECK (
      (status = 'open') = (resolved_at IS NULL) AND (status = 'open') = (resolved_by IS NULL))
  )`,
  `CREATE INDEX access_requests_queue_idx ON access_requests (instance_id, organization_id, created_at)
    WHERE status = 'open'`,

  `CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    instance_id text NOT NULL REFERENCES diary_instances (id),
    topic text NOT NULL CHECK (topic ~ '^[a-z_]+(\\.[a-z_]+)+$'),
    payload jsonb NOT NULL,
    idempotency_key text NOT NULL CONSTRAINT outbox_idempotency_key_uq UNIQUE,
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz,
    delivered_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX outbox_undelivered_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL`,

  `CREATE TABLE login_stats (
    day date NOT NULL,
    tenant_id text NOT NULL REFERENCES tenants (id),
    instance_id text NOT NULL REFERENCES diary_instances (id),
    age_band text NOT NULL CHECK (age_band IN ('under_14', '14_17', '18_plus', 'unknown')),
    decision text NOT NULL CHECK (decision IN ('allow', 'warn', 'deny', 'shadow-deny', 'esia')),
    count bigint NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (day, tenant_id, instance_id, age_band, decision)
  )`,

  // Vendor HMAC secrets are encrypted, not hashed: verifying an HMAC needs the secret itself (DESIGN §5.10).
  `CREATE TABLE api_credentials (
    id bigserial PRIMARY KEY,
    key_id text NOT NULL CONSTRAINT api_credentials_key_id_uq UNIQUE CHECK (key_id ~ '^[A-Za-z0-9_-]{8,64}$'),
    kind text NOT NULL CHECK (kind IN ('vendor', 'operator')),
    instance_id text REFERENCES diary_instances (id),
    tenant_ids text[] NOT NULL DEFAULT '{}',
    scopes text[] NOT NULL DEFAULT '{}',
    secret_hash bytea CHECK (octet_length(secret_hash) = 32),
    secret_ciphertext bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL CHECK (created_by <> ''),
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz,
    CONSTRAINT api_credentials_secret_by_kind CHECK (
      (kind = 'vendor' AND instance_id IS NOT NULL AND secret_ciphertext IS NOT NULL AND secret_hash IS NULL)
      OR (kind = 'operator' AND secret_hash IS NOT NULL AND secret_ciphertext IS NULL))
  )`,

  `CREATE TABLE operators (
    id bigserial PRIMARY KEY,
    esia_oid text NOT NULL CONSTRAINT operators_esia_oid_uq UNIQUE CHECK (esia_oid <> ''),
    display_name text NOT NULL CHECK (display_name <> ''),
    role text NOT NULL CHECK (role IN ('viewer', 'editor')),
    tenant_ids text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz
  )`,

  // Audit tables are append-only for everyone, the gateway's own role included: a bug or a stolen
  // connection cannot rewrite history. TRUNCATE is refused too, since it skips row triggers.
  `CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
  END
  $$`,
  ...['link_events', 'policy_changes'].flatMap((table) => [
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`,
  ]),
];

// Dropping a table drops its indexes, constraints and triggers; the order follows the foreign keys.
const DOWN = [
  'DROP TABLE operators',
  'DROP TABLE api_credentials',
  'DROP TABLE login_stats',
  'DROP TABLE outbox',
  'DROP TABLE access_requests',
  'DROP TABLE exemptions',
  'DROP TABLE bypass_windows',
  'DROP TABLE policy_changes',
  'DROP TABLE policies',
  'DROP TABLE link_events',
  'DROP TABLE links',
  'DROP TABLE diary_instances',
  'DROP TABLE tenants',
  'DROP FUNCTION refuse_audit_change()',
];
