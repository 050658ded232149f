import { z } from 'zod';
import type { DiaryCapabilities } from '../contract';

/** The abilities a diary declares (the contract's DiaryCapabilities); each one off unless the instance says on. */
export const DeclaredAbilities = z.strictObject({
  passwordLogin: z.boolean().default(false).describe('POST /password-checks'),
  organizationSearch: z.boolean().default(false).describe('GET /organizations'),
  snilsMatch: z.boolean().default(false).describe('POST /school-records/search'),
  children: z.boolean().default(false).describe('GET /users/{userId}/children'),
  accessRequests: z.boolean().default(false).describe('POST /access-requests, GET /access-requests/{id}'),
  linkNotifications: z.boolean().default(false).describe('POST /link-notices'),
  /** Not a contract ability (the method is optional): whether the console may ask the diary its active users. */
  activeUsers: z.boolean().default(false).describe('GET /statistics/active-users'),
});

/** The HMAC settings; `demoSecretMin` is 32 except where a vendor's published demo key is shorter (ЦОП: 19). */
const hmacAuth = (demoSecretMin: number) =>
  z.strictObject({
    type: z.literal('hmac'),
    /** The key id the operator issued (`npm run ops -- issue-vendor-key`); the secret is in the credential variable. */
    keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    /** Demo only: the secret used when the credential variable is unset; production refuses it. */
    demoSecret: z.string().min(demoSecretMin).optional(),
  });

const MtlsAuth = z.strictObject({
  type: z.literal('mtls'),
  /** The gateway's client certificate (PEM file); its private key is the credential variable (PEM, or a file path). */
  certFile: z.string().min(1),
  /** The CA that signed the diary's server certificate, when it is not a public one. */
  caFile: z.string().min(1).optional(),
});

const authSettings = (demoSecretMin: number) =>
  z.discriminatedUnion('type', [hmacAuth(demoSecretMin), MtlsAuth]);

/** How the gateway authenticates to a diary API: HMAC (the secret in the credential variable) or mutual TLS. */
export const DiaryApiAuthSettings = authSettings(32);
export type DiaryApiAuthSettings = z.infer<typeof DiaryApiAuthSettings>;

/** Path of the API below the instance's base URL. */
const ApiPath = z.string().regex(/^\/[A-Za-z0-9._/-]*$/);

/**
 * The `extension` block of a vendor adapter's settings: where the vendor deploys the published diary API beside
 * its own API, and how the gateway authenticates there, exactly as a diary-api instance's settings say it.
 * `demoAuth` is the demo key the vendor's emulator accepts (used when the block leaves `auth` out). One schema
 * for every vendor (cop-hmao, dnevnik, setevoy-region), so the block reads the same everywhere.
 */
export function extensionSettings(demoAuth: DiaryApiAuthSettings, options: { demoSecretMin?: number } = {}) {
  return z.strictObject({
    apiPath: ApiPath.default('/elg/v1'),
    auth: authSettings(options.demoSecretMin ?? 32).default(demoAuth),
  });
}

/**
 * Settings of one diary that speaks the published diary API (`settings` in config/instances.json): where the
 * API is below the instance's base URL, how the gateway authenticates, and which abilities the diary declared.
 * Nothing else: a new diary of this kind is configuration only.
 */
export const DiaryApiConfig = z.strictObject({
  /** Path of the API below the instance's base URL. */
  apiPath: ApiPath.default('/elg/v1'),
  auth: DiaryApiAuthSettings,
  /** What the diary declared in its capabilities document (GET /capabilities), which the conformance kit checks. */
  // Left out: every ability off (each field's own default), parsed like a declared `{}`.
  abilities: DeclaredAbilities.prefault({}),
});

/** Validated settings of a diary-API instance. */
export type DiaryApiConfig = z.infer<typeof DiaryApiConfig>;

/** The contract's abilities of an instance: what it declared, without `activeUsers` (an optional method). */
export function contractAbilities(abilities: DiaryApiConfig['abilities']): DiaryCapabilities {
  const { activeUsers: _reportsActiveUsers, ...contract } = abilities;
  return contract;
}
