import type { DiaryUser } from './setevoy.directory';
import type { SetevoyContext } from './setevoy-emulator.options';

/**
 * The system is a .NET application: a date it does not know comes out as DateTime.MinValue, not as null.
 * Clients must not read that as a birth date.
 */
export const UNKNOWN_DATE = '0001-01-01T00:00:00';

const dateTime = (iso: string | null) => (iso === null ? UNKNOWN_DATE : `${iso}T00:00:00`);
const fullName = (u: DiaryUser) => [u.lastName, u.firstName, u.middleName].filter(Boolean).join(' ');

/** `mysettings`: the «Персональные настройки» of one account (SNILS kept as the school typed it, digits only). */
export function mySettings(ctx: SetevoyContext, user: DiaryUser): Record<string, unknown> {
  return {
    userId: user.id,
    loginName: user.login,
    lastName: user.lastName,
    firstName: user.firstName,
    middleName: user.middleName ?? '',
    screenName: fullName(user),
    birthDate: dateTime(user.birthDate),
    snils: user.snils === null ? null : user.snils.replace(/\D/g, ''),
    email: user.email,
    preferedCom: 'Сообщения системы',
    autoLogin: false,
    accountLocked: user.locked,
    esiaLinked: ctx.store.esiaLinks.has(user.id),
    mobileIdLinked: false,
  };
}

/** `context`: who the account is, in which schools and roles, and (for a parent) their children. */
export function userContext(
  ctx: SetevoyContext,
  user: DiaryUser,
  currentSchoolId?: number,
): Record<string, unknown> {
  const schools = new Map<
    number,
    { id: number; name: string; fullName: string; municipality: string; funcType: string; roles: string[] }
  >();
  for (const { school, role } of user.memberships) {
    const entry = schools.get(school.id) ?? {
      id: school.id,
      name: school.name,
      fullName: school.fullName,
      municipality: school.municipality,
      funcType: school.type,
      roles: [],
    };
    entry.roles.push(role);
    schools.set(school.id, entry);
  }
  const children = user.childIds.flatMap((id) => {
    const child = ctx.directory.user(id);
    if (!child) return [];
    const school = child.memberships.find((m) => m.role === 'Student')?.school;
    return [
      {
        studentId: child.id,
        userId: child.login === null ? null : child.id,
        lastName: child.lastName,
        firstName: child.firstName,
        birthDate: dateTime(child.birthDate),
        schoolId: school?.id ?? null,
        schoolName: school?.name ?? null,
      },
    ];
  });
  return {
    userId: user.id,
    user: { id: user.id, name: fullName(user) },
    roles: [...new Set(user.memberships.map((m) => m.role))],
    currentSchoolId: currentSchoolId ?? user.memberships[0]!.school.id,
    schools: [...schools.values()],
    children,
  };
}
