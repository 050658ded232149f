import type { DnevnikMembership } from '../dnevnik.fixture';

/** The gateway's roles, as the published diary API spells them (docs/diary-api.openapi.json Role). */
export type GatewayRole = 'student' | 'parent' | 'teacher' | 'staff';

const TEACHING = /учител|преподават|педагог|воспитател/i;

/**
 * What the vendor's extension answers for a Дневник.ру role: the real vocabulary (alllexey123/
 * dnevnik-partners-api model/user/Role.java: EduStudent, EduStaff, EduParent, OrganizationStaff,
 * EduSchoolAdministrator) in the gateway's words, in one place. The vendor knows each staff member's position,
 * which its public User model does not carry, so EduStaff is a teacher when the position teaches.
 */
export function gatewayRoleOf(m: DnevnikMembership): GatewayRole | null {
  switch (m.role) {
    case 'EduStudent':
      return 'student';
    case 'EduParent':
      return 'parent';
    case 'EduStaff':
      return m.position && TEACHING.test(m.position) ? 'teacher' : 'staff';
    case 'EduSchoolAdministrator':
      return 'staff';
    default:
      // OrganizationStaff (an education authority's staff) has no school: the gateway's roles are at a school.
      return null;
  }
}
