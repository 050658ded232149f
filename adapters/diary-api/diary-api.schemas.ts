import { z } from 'zod';
import { ROLES } from '../../src/core/policy.types';
import { EVERY_CAPABILITY, type DiaryCapabilities } from '../contract';

/**
 * The answers of the published diary API (docs/diary-api.openapi.json) as the adapter reads them. The API
 * speaks the gateway's words (roles, ISO dates, «XXX-XXX-XXX YY»), so reading is checking, not mapping.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const snils = z.string().regex(/^\d{3}-\d{3}-\d{3} \d{2}$/);
const userId = z.string().min(1).max(64);

/** The gateway's roles (src/core ROLES): what a vendor's extension answers after its own role map. */
export const ApiRole = z.enum(ROLES);

export const ApiOrganization = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  municipality: z.string().optional(),
  settlement: z.string().optional(),
  type: z.string().optional(),
});

export const ApiMembership = z.object({ organization: ApiOrganization, role: ApiRole });

/** The six abilities of version 1.0, each a flag of GET /capabilities: the contract's (EVERY_CAPABILITY). */
export type ApiAbility = keyof DiaryCapabilities;
export const API_ABILITIES = Object.keys(EVERY_CAPABILITY) as readonly ApiAbility[];

/** GET /capabilities. */
export const ApiCapabilities = z.object({
  apiVersion: z.string(),
  abilities: z.object({
    ...(Object.fromEntries(API_ABILITIES.map((name) => [name, z.boolean()])) as Record<
      ApiAbility,
      z.ZodBoolean
    >),
    /** Added after 1.0: absent means the diary does not report its active users. */
    activeUsers: z.boolean().optional(),
  }),
});

/** GET /statistics/active-users. */
export const ApiActiveUsers = z.object({
  days: z.number().int().min(1).max(366),
  asOf: isoDate,
  activeUsers: z.number().int().min(0),
});

/** GET /users/{userId}. */
export const ApiProfile = z.object({
  userId,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: isoDate.nullable(),
  snils: snils.nullable(),
  roles: z.array(ApiRole),
  locked: z.boolean(),
});

/** GET /users/{userId}/memberships. */
export const ApiMemberships = z.object({ items: z.array(ApiMembership) });

/** GET /users/{userId}/children. */
export const ApiChildren = z.object({
  items: z.array(
    z.object({
      userId: userId.nullable(),
      lastName: z.string(),
      firstName: z.string(),
      birthDate: isoDate.nullable(),
      organization: ApiOrganization.nullable(),
    }),
  ),
});

/** POST /school-records/search. */
export const ApiSchoolRecords = z.object({
  items: z.array(z.object({ userId, birthDate: isoDate.nullable(), memberships: z.array(ApiMembership) })),
});

/** GET /organizations. */
export const ApiOrganizationChoices = z.object({
  items: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) })),
});

/** POST /password-checks: a refusal is a 200 result, never an error status. */
export const ApiPasswordCheck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), userId }),
  z.object({
    ok: z.literal(false),
    reason: z.enum([
      'bad_credentials',
      'rate_limited',
      'password_login_disabled',
      'account_locked',
      'organization_not_found',
    ]),
    retryAfterSeconds: z.number().int().positive().optional(),
  }),
]);

/** POST /link-notices. */
export const ApiLinkNoticeAnswer = z.object({
  outcome: z.enum(['recorded', 'already_recorded', 'superseded']),
});

/** POST /access-requests (201 new, 200 a repeat) and GET /access-requests/{id}. */
export const ApiAccessRequest = z.object({
  id: z.string().min(1),
  status: z.enum(['open', 'resolved', 'rejected']),
  resolution: z.string().nullable(),
  userId: userId.nullable(),
});

/** Every refusal: `{ error: { code, message } }`. */
export const ApiError = z.object({ error: z.object({ code: z.string().min(1), message: z.string() }) });

/** The error codes of the API (docs/diary-api.openapi.json, components.schemas.ErrorCode). */
export const API_ERROR_CODES = [
  'headers_missing',
  'unknown_key',
  'timestamp_out_of_range',
  'signature_invalid',
  'nonce_replayed',
  'certificate_refused',
  'invalid_request',
  'user_not_found',
  'request_not_found',
  'organization_unknown',
  'ability_not_supported',
  'not_found',
  'idempotency_conflict',
  'internal_error',
  'temporarily_unavailable',
] as const;
