import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { repoFile } from '../fixtures/fixture-paths';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Role = z.enum(['student', 'parent', 'teacher', 'staff']);

const School = z.strictObject({
  id: z.string(),
  name: z.string(),
  municipality: z.string(),
  settlement: z.string(),
  type: z.string(),
});
const Account = z.strictObject({
  userId: z.string().regex(/^\d{1,12}$/),
  personaId: z.string().optional(),
  login: z.string(),
  password: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: isoDate.nullable(),
  snils: z
    .string()
    .regex(/^\d{3}-\d{3}-\d{3} \d{2}$/)
    .nullable(),
  locked: z.boolean().default(false),
  memberships: z.array(z.strictObject({ school: z.string(), role: Role, position: z.string().optional() })),
  children: z.array(z.string()).default([]),
});
const Data = z.object({ schools: z.array(School), accounts: z.array(Account) });

/** A school of the reference diary, with every level of the cascade. */
export type EljurSchool = z.infer<typeof School>;
/** A login account of the reference diary. */
export type EljurAccount = z.infer<typeof Account>;
/** The reference diary's whole data set. */
export type EljurData = z.infer<typeof Data>;

/** Reads emulators/fixtures/diary-api.json (validated). */
export function loadEljurData(): EljurData {
  return Data.parse(JSON.parse(readFileSync(repoFile('emulators', 'fixtures', 'diary-api.json'), 'utf8')));
}
