import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEMO_SEED_ACTOR } from '../demo-material';
import type { ApiCredentialsRepository } from '../store/api-credentials.repository';

const DemoCredentials = z.object({
  credentials: z.array(
    z.object({
      instanceId: z.string(),
      keyId: z.string(),
      secret: z.string().min(32),
      /** The demo diary's secret as a client of the gateway's OpenID Provider (client_secret_basic). */
      oidcClientSecret: z.string().min(32).optional(),
    }),
  ),
});

/** A vendor key of the demo: which instance, its key id and its secret (committed, development only). */
export type DemoVendorCredential = z.infer<typeof DemoCredentials>['credentials'][number];

/** Reads config/demo-vendor-credentials.json: what the demo's diary emulators sign with. */
export async function readDemoVendorCredentials(path: string): Promise<DemoVendorCredential[]> {
  return DemoCredentials.parse(JSON.parse(await readFile(path, 'utf8'))).credentials;
}

/**
 * Stores the demo keys so the emulators' signed calls are accepted (idempotent). Only outside production:
 * production refuses them when they sign (isDemoVendorKey) and revokes them at its first start.
 */
export async function seedDemoVendorCredentials(
  repository: ApiCredentialsRepository,
  credentials: readonly DemoVendorCredential[],
  knownInstances: ReadonlySet<string>,
): Promise<number> {
  let seeded = 0;
  for (const c of credentials) {
    if (!knownInstances.has(c.instanceId)) continue;
    await repository.issueVendorKey({
      instanceId: c.instanceId,
      keyId: c.keyId,
      secret: c.secret,
      createdBy: DEMO_SEED_ACTOR,
    });
    seeded += 1;
  }
  return seeded;
}

/** The demo diaries' OpenID client secrets by instance, standing in for unset variables in development. */
export function demoClientSecrets(credentials: readonly DemoVendorCredential[]): Map<string, string> {
  return new Map(
    credentials.flatMap((c) => (c.oidcClientSecret ? [[c.instanceId, c.oidcClientSecret]] : [])),
  );
}
