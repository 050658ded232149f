import type { DataSource } from 'typeorm';
import { CURRENT_POLICIES_SQL, normalise, type StoredPolicy } from './policies.repository';

/** Everything a decision needs except the person's own link: small enough to keep in every process. */
export interface PolicySnapshot {
  readonly tenants: ReadonlyArray<{ id: string; name: string; timeZone: string }>;
  /** Each enabled instance with the diary's own sign-in and settings pages (its base URL when not registered). */
  readonly instances: ReadonlyArray<{
    id: string;
    tenantId: string;
    displayName: string;
    signInUrl: string;
    settingsUrl: string;
  }>;
  readonly policies: readonly StoredPolicy[];
  readonly bypasses: ReadonlyArray<{
    tenantId: string;
    instanceId: string | null;
    startsAt: Date;
    endsAt: Date;
    endedAt: Date | null;
    reason: string;
  }>;
  readonly exemptions: ReadonlyArray<{
    instanceId: string;
    legacyUserId: string;
    reason: string;
    expiresAt: Date | null;
  }>;
}

/** Loads the snapshot the policy cache serves decisions from: four small queries, run side by side. */
export async function loadPolicySnapshot(dataSource: DataSource, now: Date): Promise<PolicySnapshot> {
  const [tenants, instances, policies, bypasses, exemptions] = await Promise.all([
    dataSource.query(`SELECT id, name, time_zone AS "timeZone" FROM tenants ORDER BY id`),
    dataSource.query(
      `SELECT id, tenant_id AS "tenantId", display_name AS "displayName",
         COALESCE(oidc_client->>'signInUrl', base_url) AS "signInUrl",
         COALESCE(oidc_client->>'settingsUrl', base_url) AS "settingsUrl"
       FROM diary_instances WHERE enabled`,
    ),
    dataSource.query(CURRENT_POLICIES_SQL) as Promise<StoredPolicy[]>,
    // Windows that are over are useless to a decision; ones that start later are kept (declared ahead).
    dataSource.query(
      `SELECT tenant_id AS "tenantId", instance_id AS "instanceId", starts_at AS "startsAt", ends_at AS "endsAt",
         ended_at AS "endedAt", reason FROM bypass_windows
       WHERE ends_at > $1 AND (ended_at IS NULL OR ended_at > $1)`,
      [now],
    ),
    dataSource.query(
      `SELECT instance_id AS "instanceId", legacy_user_id AS "legacyUserId", reason, expires_at AS "expiresAt"
       FROM exemptions WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)`,
      [now],
    ),
  ]);
  return { tenants, instances, policies: policies.map(normalise), bypasses, exemptions };
}
