import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Logger } from '../logger';
import { recordAdminChange, type AdminChange } from './admin-audit.repository';

/** An IANA zone name in its canonical spelling, as Intl (ICU) knows it: 'Asia/Irkutsk', not 'asia/irkutsk'. */
const ianaTimeZone = z.string().refine(
  (tz) => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone === tz;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as Asia/Yekaterinburg' },
);

const httpUrl = z.string().refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
  message: 'expected an http(s) URL',
});

const TenantSchema = z.strictObject({
  id: z.string().regex(/^[0-9]{2,3}$/, 'expected a region code such as "86"'),
  name: z.string().min(1),
  timeZone: ianaTimeZone,
});

/** Any absolute URL (a native app's private-use scheme included): the provider checks the rest. */
const absoluteUrl = z.string().refine((v) => URL.canParse(v), { message: 'expected an absolute URL' });

/** The provider derives a diary's `sub` per client host (pairwise): one host per client. */
const oneHost = (uris: readonly string[]) => new Set(uris.map((u) => new URL(u).host)).size <= 1;

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected the name of an environment variable');

const OidcClientSchema = z
  .strictObject({
    redirectUris: z
      .array(httpUrl)
      .min(1)
      .refine(oneHost, { message: 'every redirect address of a client must share one host' }),
    postLogoutRedirectUris: z.array(httpUrl).default([]),
    backchannelLogoutUri: httpUrl.optional(),
    tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'private_key_jwt']),
    clientSecretRef: envName.optional(),
    jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
    jwksUri: httpUrl.optional(),
    signInUrl: httpUrl.optional(),
    settingsUrl: httpUrl.optional(),
    apps: z
      .array(
        z.strictObject({
          clientId: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'expected a client id such as "diary-86-app"'),
          redirectUris: z
            .array(absoluteUrl)
            .min(1)
            .refine(oneHost, { message: 'every redirect address of a client must share one host' }),
        }),
      )
      .default([]),
  })
  .superRefine((c, ctx) => {
    if (c.tokenEndpointAuthMethod === 'client_secret_basic' && !c.clientSecretRef)
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecretRef'],
        message: 'client_secret_basic needs clientSecretRef',
      });
    if (c.tokenEndpointAuthMethod === 'private_key_jwt' && !c.jwks && !c.jwksUri)
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs jwks or jwksUri' });
  });

const InstanceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected a lower-case slug such as "diary-86"'),
  tenantId: z.string(),
  adapterKind: z.string().min(1),
  baseUrl: httpUrl,
  displayName: z.string().min(1),
  credentialsRef: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected the name of an environment variable'),
  enabled: z.boolean().default(true),
  /** The vendor's own settings, checked against the adapter's schema when the adapter is built. */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** The instance as a client of the gateway's OpenID Provider; without it, the diary cannot sign in through it. */
  oidc: OidcClientSchema.optional(),
});

export type TenantConfig = z.infer<typeof TenantSchema>;
export type InstanceConfig = z.infer<typeof InstanceSchema>;
export interface BootstrapConfig {
  tenants: TenantConfig[];
  instances: InstanceConfig[];
}

/** The bootstrap files are wrong; `problems` lists every one, each naming the file and the path inside it. */
export class BootstrapConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid bootstrap configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'BootstrapConfigError';
  }
}

/**
 * Reads and validates `<dir>/tenants.json` and `<dir>/instances.json`, checking both files fully (and
 * `adapterKinds`, when given, against the adapter registry) before failing once with every problem.
 */
export async function readBootstrapConfig(
  dir: string,
  options: { adapterKinds?: readonly string[] } = {},
): Promise<BootstrapConfig> {
  const problems: string[] = [];
  const tenantsFile = path.join(dir, 'tenants.json');
  const instancesFile = path.join(dir, 'instances.json');
  const tenants = await parseFile(tenantsFile, TenantSchema, problems);
  const instances = await parseFile(instancesFile, InstanceSchema, problems);

  duplicates(tenants.raw, tenantsFile, problems);
  duplicates(instances.raw, instancesFile, problems);
  // Ids of every tenant entry, valid or not: a typo in a tenant's name must not also fail its instances.
  const tenantIds = new Set(tenants.raw.map((t) => (t as { id?: unknown })?.id));
  instances.valid.forEach(([instance, i]) => {
    if (tenants.readable && !tenantIds.has(instance.tenantId)) {
      problems.push(`${instancesFile}: [${i}].tenantId: "${instance.tenantId}" is not in ${tenantsFile}`);
    }
    if (options.adapterKinds && !options.adapterKinds.includes(instance.adapterKind)) {
      problems.push(
        `${instancesFile}: [${i}].adapterKind: "${instance.adapterKind}" is not one of ${options.adapterKinds.join(', ')}`,
      );
    }
  });
  if (problems.length) throw new BootstrapConfigError(problems);
  return { tenants: tenants.valid.map(([t]) => t), instances: instances.valid.map(([i]) => i) };
}

/** Each entry is validated on its own, so that the valid ones can still be cross-checked. */
async function parseFile<T>(
  file: string,
  entrySchema: z.ZodType<T>,
  problems: string[],
): Promise<{ readable: boolean; raw: unknown[]; valid: [T, number][] }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return { readable: false, raw: [], valid: [] };
  }
  if (!Array.isArray(json)) {
    problems.push(`${file}: (root): expected an array`);
    return { readable: false, raw: [], valid: [] };
  }
  const valid: [T, number][] = [];
  json.forEach((entry, i) => {
    const result = entrySchema.safeParse(entry);
    if (result.success) valid.push([result.data, i]);
    else
      for (const issue of result.error.issues)
        problems.push(`${file}: ${formatPath([i, ...issue.path])}: ${issue.message}`);
  });
  return { readable: true, raw: json, valid };
}

function formatPath(parts: readonly PropertyKey[]): string {
  return (
    parts
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}

function duplicates(rows: unknown[], file: string, problems: string[]): void {
  const seen = new Set<unknown>();
  rows.forEach((row, i) => {
    const id = (row as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) problems.push(`${file}: [${i}].id: "${id}" appears more than once`);
    seen.add(id);
  });
}

/** Who the audit records for what the configuration files change at a start. */
export const BOOTSTRAP_ACTOR = 'bootstrap (configuration files)';

interface TenantRow {
  name: string;
  timeZone: string;
}
interface InstanceRow {
  tenantId: string;
  adapterKind: string;
  baseUrl: string;
  displayName: string;
  credentialsRef: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  oidcClient: Record<string, unknown> | null;
}
const INSTANCE_FIELDS = [
  'tenantId',
  'adapterKind',
  'baseUrl',
  'displayName',
  'credentialsRef',
  'enabled',
  'settings',
  'oidcClient',
] as const;

/** JSON with object keys sorted: jsonb gives keys back in its own order, so values are compared this way. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

// A secret belongs in the credentials variable, never in `settings`; should one be put there all the same,
// the audit and the log do not copy it.
const SECRET_LOOKING = /secret|token|password|credential|key/i;
const redact = (settings: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, SECRET_LOOKING.test(k) ? '(hidden)' : v]));
const auditable = (row: Partial<InstanceRow>) =>
  row.settings ? { ...row, settings: redact(row.settings) } : row;

/**
 * Applies the files in one transaction, with one owner per field:
 * - a region (tenants.json) is seeded once: a new id is inserted; an existing region's name follows the file,
 *   but its time zone belongs to the operators from then on (they change it through the ops API, audited),
 *   so a file that differs is logged and not applied: a restart never moves a cutover instant;
 * - a diary instance (instances.json) belongs to the file: nothing else changes it, and the file's values
 *   are applied at each start.
 * Every row the files create or change gets an admin_audit row (actor BOOTSTRAP_ACTOR) and a log line;
 * unchanged rows are not touched, so loading at every start is idempotent. Rows missing from the files are
 * kept, since links refer to them: set `enabled: false` to retire an instance.
 */
export async function applyBootstrapConfig(
  dataSource: DataSource,
  config: BootstrapConfig,
  logger?: Logger,
): Promise<{ tenantsChanged: number; instancesChanged: number }> {
  return dataSource.transaction(async (tx) => {
    const audit = (change: Omit<AdminChange, 'actor'>) =>
      recordAdminChange(tx, { actor: BOOTSTRAP_ACTOR, ...change });
    let tenantsChanged = 0;
    for (const t of config.tenants) {
      const [row] = (await tx.query(
        `SELECT name, time_zone AS "timeZone" FROM tenants WHERE id = $1 FOR UPDATE`,
        [t.id],
      )) as TenantRow[];
      if (!row) {
        await tx.query(`INSERT INTO tenants (id, name, time_zone) VALUES ($1, $2, $3)`, [
          t.id,
          t.name,
          t.timeZone,
        ]);
        await audit({
          action: 'region.created',
          target: `region ${t.id}`,
          tenantIds: [t.id],
          before: null,
          after: { name: t.name, timeZone: t.timeZone },
        });
        logger?.info({ region: t.id }, 'bootstrap: region created from tenants.json');
        tenantsChanged += 1;
        continue;
      }
      if (row.timeZone !== t.timeZone)
        logger?.warn(
          { region: t.id, file: t.timeZone, kept: row.timeZone },
          'bootstrap: tenants.json has another time zone for this region; the operators own it after the first start, so it is kept',
        );
      if (row.name === t.name) continue;
      await tx.query(`UPDATE tenants SET name = $2, updated_at = now() WHERE id = $1`, [t.id, t.name]);
      await audit({
        action: 'region.changed',
        target: `region ${t.id}`,
        tenantIds: [t.id],
        before: { name: row.name },
        after: { name: t.name },
      });
      logger?.warn({ region: t.id, fields: ['name'] }, 'bootstrap: region changed by tenants.json');
      tenantsChanged += 1;
    }

    let instancesChanged = 0;
    for (const i of config.instances) {
      const wanted: InstanceRow = {
        tenantId: i.tenantId,
        adapterKind: i.adapterKind,
        baseUrl: i.baseUrl,
        displayName: i.displayName,
        credentialsRef: i.credentialsRef,
        enabled: i.enabled,
        settings: i.settings,
        oidcClient: i.oidc ?? null,
      };
      const [row] = (await tx.query(
        `SELECT tenant_id AS "tenantId", adapter_kind AS "adapterKind", base_url AS "baseUrl",
           display_name AS "displayName", credentials_ref AS "credentialsRef", enabled, settings,
           oidc_client AS "oidcClient"
         FROM diary_instances WHERE id = $1 FOR UPDATE`,
        [i.id],
      )) as InstanceRow[];
      const changed = row ? INSTANCE_FIELDS.filter((f) => canonical(row[f]) !== canonical(wanted[f])) : [];
      if (row && !changed.length) continue;
      const values = [i.id, ...INSTANCE_FIELDS.map((f) => wanted[f])];
      if (!row)
        await tx.query(
          `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref,
             enabled, settings, oidc_client)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          values,
        );
      else
        await tx.query(
          `UPDATE diary_instances SET tenant_id = $2, adapter_kind = $3, base_url = $4, display_name = $5,
             credentials_ref = $6, enabled = $7, settings = $8, oidc_client = $9, updated_at = now()
           WHERE id = $1`,
          values,
        );
      const pick = (from: InstanceRow) => auditable(Object.fromEntries(changed.map((f) => [f, from[f]])));
      await audit({
        action: row ? 'instance.changed' : 'instance.created',
        target: `instance ${i.id}`,
        tenantIds: [i.tenantId, ...(row ? [row.tenantId] : [])],
        before: row ? pick(row) : null,
        after: row ? pick(wanted) : auditable(wanted),
      });
      if (row)
        logger?.warn(
          { instance: i.id, fields: changed },
          'bootstrap: diary instance changed by instances.json',
        );
      else logger?.info({ instance: i.id }, 'bootstrap: diary instance created from instances.json');
      instancesChanged += 1;
    }
    return { tenantsChanged, instancesChanged };
  });
}

/** Start-up step: read, validate and apply `dir`'s files, logging what changed. */
export async function loadBootstrapConfig(
  dataSource: DataSource,
  dir: string,
  logger: Logger,
  options: { adapterKinds?: readonly string[] } = {},
): Promise<BootstrapConfig> {
  const config = await readBootstrapConfig(dir, options);
  const changed = await applyBootstrapConfig(dataSource, config, logger);
  logger.info(
    { ...changed, tenants: config.tenants.length, instances: config.instances.length },
    'bootstrap config',
  );
  return config;
}
