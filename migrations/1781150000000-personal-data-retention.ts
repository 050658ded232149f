import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToRolesOf } from './support/grant-to-roles-of';

/**
 * Personal data kept no longer than needed (issue 24, docs/personal-data.md): when a row lost its personal
 * fields (`pseudonymised_at` on links, exemptions and access requests; a closed request may then have an empty
 * contact), outbox rows that are deleted as soon as they are delivered (the notices of an erasure carry the
 * diary account until the diary has them), small partial indexes for the purge's queries, and the two admin
 * audit actions of a person's data on request.
 *
 * The audit tables stay append-only, with one deliberate, narrow exception: while the transaction-local setting
 * `elg.audit_redaction` is on, an UPDATE of link_events or policy_changes passes the trigger only if it changes
 * nothing but the listed personal fields, and each of those only into a keyed-hash pseudonym (`pn:` + 43
 * base64url characters) or the marker `[удалено]`. History can lose a name, never gain or change a fact. The
 * functions `redact_link_event` and `redact_policy_change` (run as the owner, callable by the roles that may use
 * link_events) are the only callers that turn the setting on.
 * `down` restores the schema of the migration before (rows already redacted stay redacted).
 */
export class PersonalDataRetention1781150000000 implements MigrationInterface {
  readonly name = 'PersonalDataRetention1781150000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of DOWN) await q.query(statement);
  }
}

/** The text that replaces a free-text personal field; the same literal as REDACTED in src/crypto/pseudonyms.ts. */
const REDACTED = '[удалено]';
/** A keyed-hash pseudonym: `pn:` and the base64url of an HMAC-SHA256 (src/crypto/pseudonyms.ts). */
const PSEUDONYM = '^pn:[A-Za-z0-9_-]{43}$';

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
];
const ACTIONS = [...ACTIONS_BEFORE, 'person.exported', 'person.erased'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const UP = [
  `ALTER TABLE links ADD COLUMN pseudonymised_at timestamptz,
    ADD CONSTRAINT links_pseudonymised_when_revoked CHECK (pseudonymised_at IS NULL OR revoked_at IS NOT NULL)`,
  `CREATE INDEX links_retention_idx ON links (revoked_at)
    WHERE revoked_at IS NOT NULL AND pseudonymised_at IS NULL`,
  `ALTER TABLE exemptions ADD COLUMN pseudonymised_at timestamptz`,
  `ALTER TABLE access_requests ADD COLUMN pseudonymised_at timestamptz,
    ADD CONSTRAINT access_requests_pseudonymised_when_closed CHECK (pseudonymised_at IS NULL OR status <> 'open'),
    DROP CONSTRAINT access_requests_contact_check,
    ADD CONSTRAINT access_requests_contact_check CHECK (
      char_length(contact) <= 200 AND (char_length(contact) >= 1 OR pseudonymised_at IS NOT NULL))`,
  `CREATE INDEX access_requests_retention_idx ON access_requests (resolved_at)
    WHERE status <> 'open' AND pseudonymised_at IS NULL`,
  `ALTER TABLE outbox ADD COLUMN forget_on_delivery boolean NOT NULL DEFAULT false`,
  `CREATE INDEX outbox_delivered_idx ON outbox (delivered_at) WHERE delivered_at IS NOT NULL`,
  `CREATE INDEX link_events_conflict_at_idx ON link_events (at) WHERE kind = 'conflict'`,
  `ALTER TABLE admin_audit DROP CONSTRAINT admin_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check CHECK (action IN (${list(ACTIONS)}))`,

  // The personal fields an audit row may lose, by table; a policy change loses its reason only when it is the
  // record of an exemption (the reason then speaks of one pupil), never a policy's or a bypass window's.
  `CREATE FUNCTION audit_redactable_paths(table_name text, old_row jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
      WHEN table_name = 'link_events' THEN ARRAY['details.userId', 'details.esiaOid']
      WHEN table_name = 'policy_changes' AND (old_row->'after' ? 'exemption' OR old_row->'before' ? 'exemption')
        THEN ARRAY['reason', 'before.exemption.legacyUserId', 'before.exemption.reason',
                   'after.exemption.legacyUserId', 'after.exemption.reason']
      ELSE ARRAY[]::text[]
    END
  $$`,
  // True when `new_row` differs from `old_row` only at `paths`, and there only by a field that existed becoming
  // a pseudonym or the redaction marker.
  `CREATE FUNCTION audit_redaction_only(old_row jsonb, new_row jsonb, paths text[]) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    p text;
    path text[];
    was jsonb;
    now_ jsonb;
    rest_old jsonb := old_row;
    rest_new jsonb := new_row;
  BEGIN
    FOREACH p IN ARRAY paths LOOP
      path := string_to_array(p, '.');
      was := old_row #> path;
      now_ := new_row #> path;
      IF now_ IS DISTINCT FROM was AND NOT (
        was IS NOT NULL AND jsonb_typeof(now_) = 'string'
        AND (now_ #>> '{}' ~ '${PSEUDONYM}' OR now_ #>> '{}' = '${REDACTED}')
      ) THEN
        RETURN false;
      END IF;
      rest_old := rest_old #- path;
      rest_new := rest_new #- path;
    END LOOP;
    RETURN rest_old = rest_new;
  END
  $$`,
  `CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('elg.audit_redaction', true) = 'on' AND audit_redaction_only(
      to_jsonb(OLD), to_jsonb(NEW), audit_redactable_paths(TG_TABLE_NAME, to_jsonb(OLD))) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
  END
  $$`,
  // A conflict event's diary account becomes its pseudonym. True when the row changed.
  `CREATE FUNCTION redact_link_event(event_id bigint, user_pseudonym text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  DECLARE changed boolean;
  BEGIN
    PERFORM set_config('elg.audit_redaction', 'on', true);
    UPDATE link_events SET details = jsonb_set(details, '{userId}', to_jsonb(user_pseudonym))
      WHERE id = event_id AND details ? 'userId' AND details->>'userId' IS DISTINCT FROM user_pseudonym;
    changed := FOUND;
    PERFORM set_config('elg.audit_redaction', 'off', true);
    RETURN changed;
  END
  $$`,
  // The record of an exemption: its diary account becomes the pseudonym, its reasons the marker.
  `CREATE FUNCTION redact_policy_change(change_id bigint, user_pseudonym text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  DECLARE changed boolean;
  BEGIN
    PERFORM set_config('elg.audit_redaction', 'on', true);
    UPDATE policy_changes SET
      reason = '${REDACTED}',
      before = CASE WHEN before ? 'exemption' THEN jsonb_set(jsonb_set(before, '{exemption,legacyUserId}',
        to_jsonb(user_pseudonym)), '{exemption,reason}', to_jsonb('${REDACTED}'::text)) ELSE before END,
      after = CASE WHEN after ? 'exemption' THEN jsonb_set(jsonb_set(after, '{exemption,legacyUserId}',
        to_jsonb(user_pseudonym)), '{exemption,reason}', to_jsonb('${REDACTED}'::text)) ELSE after END
      WHERE id = change_id AND (after ? 'exemption' OR before ? 'exemption') AND reason <> '${REDACTED}';
    changed := FOUND;
    PERFORM set_config('elg.audit_redaction', 'off', true);
    RETURN changed;
  END
  $$`,
  // The two functions run as the owner (SECURITY DEFINER), so a gateway role without UPDATE on the audit tables
  // (docs/operations.md) can redact and do nothing else there. Only roles granted something on link_events may
  // call them, as the admin-audit migration grants its table.
  'REVOKE EXECUTE ON FUNCTION redact_link_event(bigint, text), redact_policy_change(bigint, text) FROM PUBLIC',
  grantToRolesOf('link_events', [
    'GRANT EXECUTE ON FUNCTION redact_link_event(bigint, text), redact_policy_change(bigint, text)',
  ]),
];

const DOWN = [
  `CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
  END
  $$`,
  'DROP FUNCTION redact_policy_change(bigint, text)',
  'DROP FUNCTION redact_link_event(bigint, text)',
  'DROP FUNCTION audit_redaction_only(jsonb, jsonb, text[])',
  'DROP FUNCTION audit_redactable_paths(text, jsonb)',
  // Rows of the new actions cannot be deleted (append-only): the old CHECK is restored for new rows only.
  `ALTER TABLE admin_audit DROP CONSTRAINT admin_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check CHECK (action IN (${list(ACTIONS_BEFORE)})) NOT VALID`,
  'DROP INDEX link_events_conflict_at_idx',
  'DROP INDEX outbox_delivered_idx',
  'ALTER TABLE outbox DROP COLUMN forget_on_delivery',
  'DROP INDEX access_requests_retention_idx',
  // A redacted contact was emptied; the old CHECK wants a character.
  `UPDATE access_requests SET contact = '—' WHERE contact = ''`,
  `ALTER TABLE access_requests DROP CONSTRAINT access_requests_contact_check,
    DROP CONSTRAINT access_requests_pseudonymised_when_closed,
    DROP COLUMN pseudonymised_at,
    ADD CONSTRAINT access_requests_contact_check CHECK (char_length(contact) BETWEEN 1 AND 200)`,
  'ALTER TABLE exemptions DROP COLUMN pseudonymised_at',
  'DROP INDEX links_retention_idx',
  'ALTER TABLE links DROP CONSTRAINT links_pseudonymised_when_revoked, DROP COLUMN pseudonymised_at',
];
