import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Logger } from '../logger';

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
  returnUrlAllowlist: z.array(httpUrl).default([]),
  enabled: z.boolean().default(true),
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

/**
 * Upserts the tenants and diary instances in one transaction. Unchanged rows are not touched (so loading at
 * every start is idempotent); rows missing from the files are kept, since links refer to them: set
 * `enabled: false` to retire an instance.
 */
export async function applyBootstrapConfig(
  dataSource: DataSource,
  config: BootstrapConfig,
): Promise<{ tenantsChanged: number; instancesChanged: number }> {
  return dataSource.transaction(async (manager) => {
    let tenantsChanged = 0;
    for (const t of config.tenants) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO tenants (id, name, time_zone) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, updated_at = now()
         WHERE (tenants.name, tenants.time_zone) IS DISTINCT FROM (excluded.name, excluded.time_zone)
         RETURNING id`,
        [t.id, t.name, t.timeZone],
      );
      tenantsChanged += rows.length;
    }
    let instancesChanged = 0;
    for (const i of config.instances) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO diary_instances AS d
           (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref, return_url_allowlist, enabled,
            oidc_client)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, adapter_kind = excluded.adapter_kind,
           base_url = excluded.base_url, display_name = excluded.display_name,
           credentials_ref = excluded.credentials_ref, return_url_allowlist = excluded.return_url_allowlist,
           enabled = excluded.enabled, oidc_client = excluded.oidc_client, updated_at = now()
         WHERE (d.tenant_id, d.adapter_kind, d.base_url, d.display_name, d.credentials_ref,
                d.return_url_allowlist, d.enabled, d.oidc_client)
           IS DISTINCT FROM (excluded.tenant_id, excluded.adapter_kind, excluded.base_url, excluded.display_name,
                excluded.credentials_ref, excluded.return_url_allowlist, excluded.enabled, excluded.oidc_client)
         RETURNING id`,
        [
          i.id,
          i.tenantId,
          i.adapterKind,
          i.baseUrl,
          i.displayName,
          i.credentialsRef,
          i.returnUrlAllowlist,
          i.enabled,
          i.oidc ? JSON.stringify(i.oidc) : null,
        ],
      );
      instancesChanged += rows.length;
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
  const changed = await applyBootstrapConfig(dataSource, config);
  logger.info(
    { ...changed, tenants: config.tenants.length, instances: config.instances.length },
    'bootstrap config',
  );
  return config;
}
