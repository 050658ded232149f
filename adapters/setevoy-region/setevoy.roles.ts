import type { VendorRoleVocabulary } from '../shared/vendor-roles';

/**
 * «Сетевой Регион»'s role keys (IRTech NetSchool; nm17/netschoolapi `docs/responses/references/roles.json` at
 * commit 233081f, with the vendor's titles) in the gateway's roles. The vendor's own API shows roles only to
 * the signed-in user, so the adapter reads none: this is the map the vendor's extension applies.
 */
export const SETEVOY_ROLES: VendorRoleVocabulary = {
  vendor: '«Сетевой Регион» (NetSchool)',
  adapterKinds: ['setevoy-region'],
  source: 'nm17/netschoolapi docs/responses/references/roles.json',
  roles: {
    Admin: { role: 'staff', note: '«Администратор» of the school’s installation' },
    Principal: { role: 'staff', note: '«Завуч»: a deputy head' },
    Teacher: { role: 'teacher' },
    Student: { role: 'student' },
    Parent: { role: 'parent' },
    Secretary: { role: 'staff', note: '«Секретарь»: keeps pupils’ records' },
    Psychologist: { role: 'staff', note: '«Психолог / социальный педагог»: works with pupils’ records' },
    SpecialistStaff: { role: 'staff', note: '«Специалист по кадрам»: the school’s HR' },
    MedicalStaff: { role: 'staff', note: '«Мед. работник» of the school' },
    MinorStaff: {
      role: null,
      ignored:
        '«Технич. персонал»: an employee account without access to pupils’ records, nothing to sign in to',
    },
    // The education authority's roles («…УО», «Координатор ОД»): they sign in to the authority's own desk.
    EmAdmin: { role: null, ignored: '«Администратор УО»: the education authority, not a member of a school' },
    EMHDEM: { role: null, ignored: '«Начальник УО»: the education authority, not a member of a school' },
    EmOFREM: { role: null, ignored: '«Сотрудник УО»: the education authority, not a member of a school' },
    EmOper: { role: null, ignored: '«Оператор УО»: the education authority, not a member of a school' },
    EmCoordOD: { role: null, ignored: '«Координатор ОД»: the education authority, not a member of a school' },
  },
};
