import { z } from 'zod';
import type { DiaryRole, IsoDate, Organization } from '../contract';

/** The platform's role codes and the gateway's words for them. */
const ROLES: Record<string, DiaryRole> = {
  STUDENT: 'student',
  LEGAL_REPRESENTATIVE: 'parent',
  TEACHER: 'teacher',
  EMPLOYEE: 'staff',
  ADMINISTRATOR: 'staff',
};

/** A platform role as a gateway role; unknown codes are dropped rather than guessed. */
export function mapRole(code: string): DiaryRole | null {
  return ROLES[code] ?? null;
}

/** The platform writes dates `dd.MM.yyyy`; anything else (or nothing) is null, never a made-up date. */
export function isoFromRuDate(text: string | null): IsoDate | null {
  const m = text ? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

const ApiOrganization = z.object({
  id: z.string(),
  shortName: z.string(),
  municipality: z.string().optional(),
  type: z.string().optional(),
});

/** The platform's organization as the contract's. */
export function toOrganization(o: z.infer<typeof ApiOrganization>): Organization {
  return {
    id: o.id,
    name: o.shortName,
    ...(o.municipality ? { municipality: o.municipality } : {}),
    ...(o.type ? { type: o.type } : {}),
  };
}

const userId = z.string().regex(/^\d{1,19}$/);

/** GET /profiles/{userId}. */
export const ApiProfile = z.object({
  id: userId,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string().nullable(),
  snils: z.string().nullable(),
  roles: z.array(z.string()),
  blocked: z.boolean(),
});

/** GET /profiles/{userId}/memberships. */
export const ApiMemberships = z.object({
  items: z.array(z.object({ organization: ApiOrganization, role: z.string() })),
});

/** GET /profiles/{userId}/children. */
export const ApiChildren = z.object({
  items: z.array(
    z.object({
      userId: userId.nullable(),
      lastName: z.string(),
      firstName: z.string(),
      birthDate: z.string().nullable(),
      organization: ApiOrganization.nullable(),
    }),
  ),
});

/** GET /records?snils=…: one item per school record carrying the SNILS. */
export const ApiRecords = z.object({
  items: z.array(
    z.object({ userId, birthDate: z.string().nullable(), role: z.string(), organization: ApiOrganization }),
  ),
});

/** GET /organizations. */
export const ApiOrganizations = z.object({ items: z.array(ApiOrganization) });

/** POST /access-requests (201 new, 200 a repeat) and GET /access-requests/{id}. */
export const ApiAccessRequest = z.object({
  id: z.string().min(1),
  status: z.enum(['NEW', 'RESOLVED', 'REJECTED']),
  resolution: z.string().nullish(),
  userId: userId.nullish(),
});

/** The platform's refusal body (`{ error: { code, message } }`). */
export const ApiError = z.object({ error: z.object({ code: z.string() }) });
