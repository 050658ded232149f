import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { repoFile } from '../fixtures/fixture-paths';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const named = z.object({ id: z.number().int(), name: z.string() });

/** The vendor's own role names, as its context answers them. */
export const VENDOR_ROLES = ['Student', 'Parent', 'Teacher', 'Administrator'] as const;
export type VendorRole = (typeof VENDOR_ROLES)[number];

const User = z
  .object({
    id: z.number().int(),
    personaId: z.string().optional(),
    kidOf: z.object({ personaId: z.string(), firstName: z.string() }).optional(),
    person: z
      .object({
        lastName: z.string(),
        firstName: z.string(),
        middleName: z.string().nullable(),
        birthDate: isoDate.nullable(),
        snils: z.string().nullable(),
      })
      .optional(),
    note: z.string().optional(),
    login: z.string().nullable(),
    password: z.string().nullable(),
    locked: z.boolean().default(false),
    memberships: z.array(z.object({ schoolId: z.number().int(), role: z.enum(VENDOR_ROLES) })).min(1),
    childIds: z.array(z.number().int()).default([]),
  })
  .refine((u) => [u.personaId, u.kidOf, u.person].filter(Boolean).length === 1, {
    message: 'exactly one of personaId, kidOf, person',
  });

const SetevoyFixture = z.object({
  country: named,
  region: named,
  municipalities: z.array(named.extend({ kind: z.string() })),
  settlements: z.array(named.extend({ municipalityId: z.number().int() })),
  organizationTypes: z.array(named),
  schools: z.array(
    named.extend({ fullName: z.string(), settlementId: z.number().int(), typeId: z.number().int() }),
  ),
  users: z.array(User),
});

/** The region's cascade and diary accounts as written in emulators/fixtures/setevoy-region.json. */
export type SetevoyFixture = z.infer<typeof SetevoyFixture>;
/** One diary account (or a pupil's record without a login) before it is joined with its persona. */
export type SetevoyFixtureUser = SetevoyFixture['users'][number];

/** Where the emulator's fixture lives. */
export const SETEVOY_FIXTURE_PATH = repoFile('emulators', 'fixtures', 'setevoy-region.json');

/** Reads and validates the fixture; a malformed file fails at start, not in the middle of a flow. */
export function loadSetevoyFixture(path = SETEVOY_FIXTURE_PATH): SetevoyFixture {
  return SetevoyFixture.parse(JSON.parse(readFileSync(path, 'utf8')));
}
