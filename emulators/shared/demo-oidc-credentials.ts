import { readFileSync } from 'node:fs';
import { repoFile } from '../fixtures/fixture-paths';

/**
 * DEVELOPMENT ONLY: the demo client secret the gateway registers for `instanceId` when the instance's
 * `clientSecretRef` variable is unset (config/demo-vendor-credentials.json `oidcClientSecret`), so that the
 * demo's diary emulators and the gateway agree without configuration. Undefined when the file has none.
 */
export function demoOidcClientSecret(instanceId: string): string | undefined {
  const file = JSON.parse(readFileSync(repoFile('config', 'demo-vendor-credentials.json'), 'utf8')) as {
    credentials?: Array<{ instanceId?: unknown; oidcClientSecret?: unknown }>;
  };
  const secret = file.credentials?.find((c) => c.instanceId === instanceId)?.oidcClientSecret;
  return typeof secret === 'string' ? secret : undefined;
}

/**
 * DEVELOPMENT ONLY: the demo vendor key (key id and HMAC secret) the gateway seeds for `instanceId`
 * (config/demo-vendor-credentials.json), with which a demo diary asks the password decision. Undefined when
 * the file has none.
 */
export function demoVendorKey(instanceId: string): { keyId: string; secret: string } | undefined {
  const file = JSON.parse(readFileSync(repoFile('config', 'demo-vendor-credentials.json'), 'utf8')) as {
    credentials?: Array<{ instanceId?: unknown; keyId?: unknown; secret?: unknown }>;
  };
  const found = file.credentials?.find((c) => c.instanceId === instanceId);
  return typeof found?.keyId === 'string' && typeof found.secret === 'string'
    ? { keyId: found.keyId, secret: found.secret }
    : undefined;
}
