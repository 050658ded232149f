import type { Role } from '../../src/core/policy.types';
import { gatewayRoleOf, type VendorRoleVocabulary } from '../shared/vendor-roles';

/**
 * A staff member's position that teaches («Учитель математики», «Преподаватель», «Педагог-организатор»,
 * «Воспитатель»): Дневник.ру's one staff role (`EduStaff`) covers teachers and everyone else, and only the
 * vendor knows the position (its public User model has none).
 */
export const TEACHING_POSITION = /учител|преподават|педагог|воспитател/i;

/**
 * Дневник.ру's roles (alllexey123/dnevnik-partners-api `model/user/Role.java`, version 1.2.7 of 2025-01-04; the
 * `roles` of `GET /v2/users/me` and of `UserContext`) in the gateway's roles. `UserAdministrator` is kept from
 * the model's earlier version (2024-03-28), in case an account still carries it.
 */
export const DNEVNIK_ROLES: VendorRoleVocabulary = {
  vendor: 'Дневник.ру',
  adapterKinds: ['dnevnik'],
  source: 'alllexey123/dnevnik-partners-api src/main/java/api/dnevnik/partners/model/user/Role.java',
  roles: {
    EduStudent: { role: 'student' },
    EduParent: { role: 'parent' },
    EduStaff: {
      role: 'staff',
      note: 'teacher when the staff member’s position teaches (учитель, преподаватель, педагог, воспитатель)',
    },
    EduSchoolAdministrator: { role: 'staff' },
    OrganizationStaff: {
      role: null,
      ignored:
        'an education authority’s staff, with no school membership (what the gateway’s roles describe)',
    },
    UserAdministrator: {
      role: null,
      ignored: 'an administrator of Дневник.ру’s own accounts, not a member of a school',
    },
  },
};

/**
 * The gateway role of a Дневник.ру membership: its role by DNEVNIK_ROLES, `EduStaff` a teacher when its
 * position teaches. Null for an ignored role, undefined for one outside the vocabulary.
 */
export function dnevnikRoleOf(vendorRole: string, position?: string): Role | null | undefined {
  const role = gatewayRoleOf(DNEVNIK_ROLES, vendorRole);
  return vendorRole === 'EduStaff' && position && TEACHING_POSITION.test(position) ? 'teacher' : role;
}
