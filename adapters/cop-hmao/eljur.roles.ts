import type { VendorRoleVocabulary } from '../shared/vendor-roles';

/**
 * ЭлЖур's role names (`getrules` `roles`) in the gateway's roles. The one public source, BetterJournal/EljurAPI
 * `src/personal/UserRules.ts`, lists «student», «parent», «helper» as examples and no more; the staff names are
 * the ones the emulator answers (unconfirmed: no public client shows a teacher's or an employee's `getrules`).
 * A name outside this list is never guessed: the adapter logs it so the list can be completed.
 */
export const ELJUR_ROLES: VendorRoleVocabulary = {
  vendor: 'ЭлЖур (ЦОП ХМАО-Югры)',
  adapterKinds: ['cop-hmao'],
  source: 'BetterJournal/EljurAPI src/personal/UserRules.ts (roles example); staff names unconfirmed',
  roles: {
    student: { role: 'student' },
    parent: { role: 'parent' },
    helper: {
      role: null,
      ignored: 'named by UserRules.ts without a meaning: no gateway role is granted on a guess',
    },
    teacher: { role: 'teacher', note: 'unconfirmed name' },
    employee: { role: 'staff', note: 'unconfirmed name' },
    administrator: { role: 'staff', note: 'unconfirmed name' },
  },
};
