import { z } from 'zod';
import type { DiaryRole, IsoDate, Membership, Organization } from '../contract';

/*
 * What the vendor's API answers, read strictly. 64-bit ids come as a JSON number (`id`, rounded by JSON.parse
 * above 2^53) and as a string (`id_str`): only the strings are read, the numbers are not even declared.
 */
const idStr = z.string().regex(/^\d{1,20}$/);
const text = z.string();

const School = z.object({ id_str: idStr, name: text, municipality: text.nullish(), type: text.nullish() });

/** `/v2/users/{userId}`: a login account. */
export const UserPayload = z.object({
  id_str: idStr,
  firstName: text,
  lastName: text,
  middleName: text.nullish(),
  birthday: text.nullish(),
  roles: z.array(text),
  isBlocked: z.boolean().optional(),
});

/** `/v2/users/{userId}/memberships`: a school and the vendor's role there. */
export const MembershipsPayload = z.array(
  z.object({
    school: School,
    role: text,
    position: text.nullish(),
    eduGroup: z.object({ name: text }).nullish(),
  }),
);

/** `/v2/users/{userId}/children`: school records (persons), whose `userId_str` may be null. */
export const ChildrenPayload = z.array(
  z.object({
    id_str: idStr,
    userId_str: idStr.nullish(),
    firstName: text,
    lastName: text,
    birthday: text.nullish(),
    school: School.nullish(),
  }),
);

/** `/v2/authorizations/password` 200. */
export const PasswordOkPayload = z.object({ user_str: idStr });

/** A refusal in the vendor's shape. */
export const ApiErrorPayload = z.object({ type: text, description: text.optional() });

/** Дневник.ру writes dates as `YYYY-MM-DDT00:00:00`; .NET's empty `0001-01-01` means "unknown" as much as null does. */
export function isoBirthDate(value: string | null | undefined): IsoDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match || match[1] === '0001') return null;
  const date = new Date(`${match[0]}T00:00:00Z`);
  return isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0] ? null : match[0];
}

/** A school as the gateway names organizations. */
export function organizationOf(school: z.infer<typeof School>): Organization {
  return {
    id: school.id_str,
    name: school.name,
    ...(school.municipality ? { municipality: school.municipality } : {}),
    ...(school.type ? { type: school.type } : {}),
  };
}

const TEACHING = /учител|преподават|педагог|воспитател/i;

/**
 * The gateway's role for a vendor role. EduStaff is a teacher when the position teaches and staff otherwise
 * (a secretary, a deputy head without lessons); roles the gateway has no word for are left out.
 */
export function diaryRole(role: string, position: string | null | undefined): DiaryRole | null {
  if (role === 'EduStudent') return 'student';
  if (role === 'EduParent') return 'parent';
  if (role === 'EduStaff') return position && TEACHING.test(position) ? 'teacher' : 'staff';
  if (role === 'EduAdministrator') return 'staff';
  return null;
}

/** Memberships in the gateway's words, each (organization, role) once. */
export function membershipsOf(payload: z.infer<typeof MembershipsPayload>): Membership[] {
  const seen = new Set<string>();
  return payload.flatMap((m) => {
    const role = diaryRole(m.role, m.position);
    const key = `${m.school.id_str}/${role}`;
    if (role === null || seen.has(key)) return [];
    seen.add(key);
    return [{ organization: organizationOf(m.school), role }];
  });
}
