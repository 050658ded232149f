import { ELJUR_ROLES } from '../../adapters/cop-hmao/eljur.roles';
import { DNEVNIK_ROLES, dnevnikRoleOf } from '../../adapters/dnevnik/dnevnik.roles';
import { SETEVOY_ROLES } from '../../adapters/setevoy-region/setevoy.roles';
import {
  readVendorRoles,
  warnOfUnknownRoles,
  type VendorRoleVocabulary,
} from '../../adapters/shared/vendor-roles';
import type { Logger } from '../../src/logger';
import { VENDOR_ROLE_VOCABULARIES } from '../../adapters/vendor-roles';
import { ROLES } from '../../src/core/policy.types';

/**
 * Every role of each vendor's real vocabulary, written out from its public source (null: deliberately no
 * gateway role). The expected tables are typed here, not read from the modules under test.
 */
const EXPECTED: ReadonlyArray<[VendorRoleVocabulary, Record<string, string | null>]> = [
  [
    // alllexey123/dnevnik-partners-api model/user/Role.java (1.2.7), and UserAdministrator of its 2024 version.
    DNEVNIK_ROLES,
    {
      EduStudent: 'student',
      EduParent: 'parent',
      EduStaff: 'staff',
      EduSchoolAdministrator: 'staff',
      OrganizationStaff: null,
      UserAdministrator: null,
    },
  ],
  [
    // BetterJournal/EljurAPI src/personal/UserRules.ts (student, parent, helper); the staff names unconfirmed.
    ELJUR_ROLES,
    {
      student: 'student',
      parent: 'parent',
      helper: null,
      teacher: 'teacher',
      employee: 'staff',
      administrator: 'staff',
    },
  ],
  [
    // nm17/netschoolapi docs/responses/references/roles.json: the fifteen keys, ids 1–15.
    SETEVOY_ROLES,
    {
      Admin: 'staff',
      Principal: 'staff',
      Teacher: 'teacher',
      Student: 'student',
      Parent: 'parent',
      MinorStaff: null,
      Secretary: 'staff',
      MedicalStaff: 'staff',
      Psychologist: 'staff',
      SpecialistStaff: 'staff',
      EmAdmin: null,
      EMHDEM: null,
      EmOFREM: null,
      EmOper: null,
      EmCoordOD: null,
    },
  ],
];

describe('vendor role vocabularies (issue 22 item 4)', () => {
  it('lists one vocabulary per vendor family, each for the adapters that speak to it', () => {
    expect(VENDOR_ROLE_VOCABULARIES.map((v) => v.adapterKinds)).toEqual([
      ['dnevnik'],
      ['cop-hmao'],
      ['setevoy-region'],
    ]);
  });

  describe.each(EXPECTED.map(([v, table]) => [v.vendor, v, table] as const))('%s', (_name, v, table) => {
    it('has exactly the roles of the real vocabulary, no more and no fewer', () => {
      expect(Object.keys(v.roles).sort()).toEqual(Object.keys(table).sort());
    });

    it.each(Object.entries(table))('maps %s to %s', (vendorRole, gatewayRole) => {
      expect(v.roles[vendorRole]!.role).toBe(gatewayRole);
    });

    it('maps every role to a gateway role of src/core, or ignores it saying why', () => {
      for (const [vendorRole, rule] of Object.entries(v.roles))
        if (rule.role === null)
          expect({ vendorRole, why: rule.ignored.length > 20 }).toEqual({ vendorRole, why: true });
        else expect(ROLES).toContain(rule.role);
    });

    it('names its public source', () => {
      expect(v.source).toMatch(/^[\w-]+\/[\w-]+ \S+/);
    });
  });

  it('reads a vendor list as gateway roles, each once, dropping ignored roles and naming unknown ones', () => {
    expect(readVendorRoles(SETEVOY_ROLES, ['Teacher', 'Admin', 'Principal', 'EmOper', 'Janitor'])).toEqual({
      roles: ['teacher', 'staff'],
      unknown: ['Janitor'],
    });
    expect(readVendorRoles(ELJUR_ROLES, ['helper'])).toEqual({ roles: [], unknown: [] });
    // A key inherited from Object.prototype is no role of any vocabulary.
    expect(readVendorRoles(ELJUR_ROLES, ['constructor', 'toString'])).toEqual({
      roles: [],
      unknown: ['constructor', 'toString'],
    });
  });

  it.each([
    ['EduStaff', 'Учитель математики', 'teacher'],
    ['EduStaff', 'Преподаватель-организатор ОБЖ', 'teacher'],
    ['EduStaff', 'Социальный педагог', 'teacher'],
    ['EduStaff', 'Воспитатель ГПД', 'teacher'],
    ['EduStaff', 'Заместитель директора по АХЧ', 'staff'],
    ['EduStaff', undefined, 'staff'],
    ['EduSchoolAdministrator', 'Учитель истории', 'staff'],
    ['EduStudent', undefined, 'student'],
    ['OrganizationStaff', 'Учитель', null],
    ['SystemAdministrator', undefined, undefined],
  ])('Дневник.ру %s with the position %s is %s', (vendorRole, position, expected) => {
    expect(dnevnikRoleOf(vendorRole, position)).toBe(expected);
  });

  it('logs the role names a vocabulary lacks, and nothing when it knows them all', () => {
    const warn = jest.fn();
    const logger = { warn } as unknown as Logger;
    expect(warnOfUnknownRoles(logger, ELJUR_ROLES, ['student', 'curator']).roles).toEqual(['student']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toEqual({ vendor: 'ЭлЖур (ЦОП ХМАО-Югры)', unknownRoles: ['curator'] });
    warnOfUnknownRoles(logger, ELJUR_ROLES, ['parent', 'helper']);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
