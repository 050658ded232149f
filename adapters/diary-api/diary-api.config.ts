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

const HmacAuth = z.strictObject({
  type: z.literal('hmac'),
  /** The key id the operator issued (`npm run ops -- issue-vendor-key`); the secret is in the credential variable. */
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** Demo only: the secret used when the credential variable is unset; production refuses it. */
  demoSecret: z.string().min(32).optional(),
});

const MtlsAuth = z.strictObject({
  type: z.literal('mtls'),
  /** The gateway's client certificate (PEM file); its private key is the credential variable (PEM, or a file path). */
  certFile: z.string().min(1),
  /** The CA that signed the diary's server certificate, when it is not a public one. */
  caFile: z.string().min(1).optional(),
});

/**
 * Settings of one diary that speaks the published diary API (`settings` in config/instances.json): where the
 * API is below the instance's base URL, how the gateway authenticates, and which abilities the diary declared.
 * Nothing else: a new diary of this kind is configuration only.
 */
export const DiaryApiConfig = z.strictObject({
  /** Path of the API below the instance's base URL. */
  apiPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]*$/)
    .default('/elg/v1'),
  auth: z.discriminatedUnion('type', [HmacAuth, MtlsAuth]),
  /** What the diary declared in its capabilities document (GET /capabilities), which the conformance kit checks. */
  abilities: DeclaredAbilities.default({
    passwordLogin: false,
    organizationSearch: false,
    snilsMatch: false,
    children: false,
    accessRequests: false,
    linkNotifications: false,
    activeUsers: false,
  }),
});

/** Validated settings of a diary-API instance. */
export type DiaryApiConfig = z.infer<typeof DiaryApiConfig>;

/** The contract's abilities of an instance: what it declared, without `activeUsers` (an optional method). */
export function contractAbilities(abilities: DiaryApiConfig['abilities']): DiaryCapabilities {
  const { activeUsers: _reportsActiveUsers, ...contract } = abilities;
  return contract;
}
