import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { repoFile } from '../fixtures/fixture-paths';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const named = z.object({ id: z.number().int(), name: z.string() });

/**
 * A role key of the vendor's vocabulary (`recorded.roles` of the fixture, from nm17/netschoolapi
 * docs/responses/references/roles.json): the fixture may give a membership only a key that list has.
 */
export type VendorRole = string;

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
    memberships: z.array(z.object({ schoolId: z.number().int(), role: z.string() })).min(1),
    childIds: z.array(z.number().int()).default([]),
  })
  .refine((u) => [u.personaId, u.kidOf, u.person].filter(Boolean).length === 1, {
    message: 'exactly one of personaId, kidOf, person',
  });

/** What nm17/netschoolapi recorded of real installations (fixture `recorded`, its source in `$comment`). */
const Recorded = z.object({
  roles: z.array(
    z.object({ id: z.number().int(), key: z.string(), name: z.string(), shortName: z.string() }),
  ),
  functypes: z.array(named),
  context: z.record(z.string(), z.unknown()),
  students: z.array(named),
});

const SetevoyFixture = z
  .object({
    recorded: Recorded,
    country: named,
    region: named,
    municipalities: z.array(named.extend({ kind: z.string() })),
    settlements: z.array(named.extend({ municipalityId: z.number().int() })),
    schools: z.array(
      named.extend({ fullName: z.string(), settlementId: z.number().int(), typeId: z.number().int() }),
    ),
    users: z.array(User),
  })
  .superRefine((f, issues) => {
    const keys = new Set(f.recorded.roles.map((r) => r.key));
    for (const u of f.users)
      for (const m of u.memberships)
        if (!keys.has(m.role))
          issues.addIssue({
            code: 'custom',
            message: `user ${u.id}: role ${m.role} is not in recorded.roles`,
          });
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
