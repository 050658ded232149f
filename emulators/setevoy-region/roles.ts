/** The roles of the published diary API (docs/diary-api.openapi.json), which the extension answers in. */
export type ApiRole = 'student' | 'parent' | 'teacher' | 'staff';

/**
 * The vendor's role keys (the fixture's `recorded.roles`, from nm17/netschoolapi
 * docs/responses/references/roles.json) as the extension the vendor deploys answers them in the diary API's
 * words: the mapping is the vendor's side of the extension, so it lives here and not in the adapter. Every key
 * of the vocabulary is here: a school role the gateway knows, or null where the gateway has no use for it.
 */
export const API_ROLE_OF: Readonly<Record<string, ApiRole | null>> = {
  Admin: 'staff', // «Администратор» of the school's installation
  Principal: 'staff', // «Завуч»: a deputy head
  Teacher: 'teacher',
  Student: 'student',
  Parent: 'parent',
  Secretary: 'staff', // «Секретарь»: keeps pupils' records
  Psychologist: 'staff', // «Психолог / социальный педагог»: works with pupils' records
  SpecialistStaff: 'staff', // «Специалист по кадрам»: the school's HR
  MedicalStaff: 'staff', // «Мед. работник» of the school
  // «Технич. персонал»: a school employee account without access to pupils' records; nothing to sign in to here.
  MinorStaff: null,
  // The education authority's roles («…УО», «Координатор ОД»): not a member of a school, which is what the
  // gateway's roles describe; these accounts sign in to the authority's own desk, not through the gateway.
  EmAdmin: null,
  EMHDEM: null,
  EmOFREM: null,
  EmOper: null,
  EmCoordOD: null,
};

/** The diary API's role for a vendor role key; null for a role the API has no word for. */
export function apiRoleOf(vendorRole: string): ApiRole | null {
  return API_ROLE_OF[vendorRole] ?? null;
}
