import { readFileSync } from 'node:fs';
import { repoFile } from '../fixtures/fixture-paths';
import type { DiaryOidcSettings } from '../shared/diary-oidc-client';

/**
 * The gateway this platform signs people in through: its address and this diary instance as a client of its
 * OpenID Provider (docs/sign-in-for-diaries.md). ЦОП authenticates with private_key_jwt.
 */
export interface GatewayLink {
  /** Base URL of the gateway, e.g. http://127.0.0.1:3000 (its issuer is `<url>/oidc`). */
  readonly url: string;
  /** The diary instance at the gateway, which is also its client_id. */
  readonly instanceId: string;
  /** The client's authentication at the provider: its private key (PKCS#8 PEM, P-256) and the key's kid. */
  readonly oidc?: Pick<DiaryOidcSettings, 'clientSecret' | 'privateKey'>;
}

/**
 * DEVELOPMENT ONLY: ЦОП's demo client key for private_key_jwt; the public half is the `jwks` of cop-86 in
 * config/instances.json.
 */
export function demoClientKeyFile(): { file: string; kid: string } {
  return {
    file: repoFile('emulators', 'fixtures', 'keys', 'cop-86-oidc-client.key.pem'),
    kid: 'cop-86-demo-2026',
  };
}

/** The private key of `file` (PKCS#8 PEM) under `kid`, for private_key_jwt. */
export function readClientKey(file: string, kid: string): { pem: string; kid: string } {
  return { pem: readFileSync(file, 'utf8'), kid };
}

/** The signing of docs/vendor-api.md, shared by every emulated diary's backend. */
export { signVendorRequest } from '../shared/vendor-api.client';
