import type { DiaryUser } from './setevoy.directory';
import type { SetevoyContext } from './setevoy-emulator.options';

/**
 * The system is a .NET application: a date it does not know comes out as DateTime.MinValue, not as null.
 * Clients must not read that as a birth date.
 */
export const UNKNOWN_DATE = '0001-01-01T00:00:00';

const dateTime = (iso: string | null) => (iso === null ? UNKNOWN_DATE : `${iso}T00:00:00`);
const shortName = (u: DiaryUser) =>
  `${u.lastName} ${[u.firstName, u.middleName]
    .filter(Boolean)
    .map((n) => `${n!.charAt(0)}.`)
    .join(' ')}`;

/**
 * `GET /webapi/mysettings` of the signed-in session, in the fields of the swagger's mySettings
 * (kmlebedev/netSchoolWebApi swagger/swagger.yaml): names, login, birth date, roles. No SNILS and no children:
 * the real API has none here, which is why the gateway reads accounts through the extension instead.
 */
export function mySettings(user: DiaryUser, schoolId: number): Record<string, unknown> {
  return {
    userId: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    middleName: user.middleName ?? '',
    loginName: user.login,
    birthDate: dateTime(user.birthDate),
    roles: [...new Set(user.memberships.filter((m) => m.school.id === schoolId).map((m) => m.role))],
    schoolyearId: 1,
    windowsAccount: '',
    mobilePhone: '',
    preferedCom: 'C',
    email: user.email ?? '',
    existsPhoto: false,
  };
}

/**
 * `GET /webapi/context` of the signed-in session: the answer nm17/netschoolapi recorded
 * (docs/responses/usercontext/context.json, the fixture's `recorded.context`) with this user, school and roles.
 */
export function userContext(
  ctx: SetevoyContext,
  user: DiaryUser,
  schoolId: number,
  at: string,
): Record<string, unknown> {
  const school = ctx.directory.school(schoolId);
  const recorded = ctx.directory.fixture.recorded.context;
  return {
    ...recorded,
    at,
    userId: user.id,
    schoolId,
    organizationName: school?.name ?? '',
    roles: [...new Set(user.memberships.filter((m) => m.school.id === schoolId).map((m) => m.role))],
    user: { id: user.id, name: shortName(user) },
    organization: { id: schoolId, name: school?.name ?? '' },
  };
}

/**
 * `GET /webapi/context/students` (mezhendosina/che-zadali-app LoginApi.kt; shape of nm17/netschoolapi
 * docs/responses/usercontext/students.json): a parent's children at the session's school, or the pupil.
 */
export function contextStudents(
  ctx: SetevoyContext,
  user: DiaryUser,
  schoolId: number,
): Array<{ id: number; name: string }> {
  const here = (u: DiaryUser) => u.memberships.some((m) => m.school.id === schoolId && m.role === 'Student');
  const pupils = here(user)
    ? [user]
    : user.childIds.flatMap((id) => {
        const child = ctx.directory.user(id);
        return child && here(child) ? [child] : [];
      });
  return pupils.map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` }));
}
