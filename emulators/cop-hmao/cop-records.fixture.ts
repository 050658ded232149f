import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { repoFile } from '../fixtures/fixture-paths';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const userId = z.string().regex(/^\d{1,19}$/);

const PersonRecord = z.object({
  userId,
  personaId: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: isoDate.nullable(),
  /** As the school typed it: any spelling, possibly wrong. */
  snils: z.string().nullable(),
});

const Representative = PersonRecord.extend({
  kinship: z.string(),
  citizenship: z.string().nullable(),
  phone: z.string().nullable(),
});

const StudentFile = z.object({
  fileId: z.string(),
  organizationId: z.string(),
  class: z.string(),
  student: PersonRecord.extend({ citizenship: z.string().nullable() }),
  representatives: z.array(Representative),
});

const Employee = PersonRecord.extend({
  organizationId: z.string(),
  role: z.enum(['TEACHER', 'EMPLOYEE', 'ADMINISTRATOR']),
  position: z.string(),
});

const CopRecords = z.object({
  tenant: z.string(),
  /** The ЭлЖур side: developer keys apiv3 accepts, the region getrules names, password logins. */
  eljur: z.object({
    devkeys: z.array(z.string().min(8)),
    region: z.string(),
    logins: z.array(z.object({ userId, login: z.string(), password: z.string() })),
  }),
  /** HMAC keys of the diary-API extension (docs/diary-api.openapi.json) the gateway signs with. */
  extensionKeys: z.array(z.object({ keyId: z.string(), secret: z.string().min(8) })),
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      municipality: z.string(),
      type: z.string(),
      /** The organization as an ЭлЖур vendor: its subdomain (the `vendor` parameter) and numeric id. */
      vendor: z.string(),
      vendorId: z.number().int(),
    }),
  ),
  studentFiles: z.array(StudentFile),
  employees: z.array(Employee),
  blockedAccounts: z.array(z.object({ userId, reason: z.string() })),
  staffAccounts: z.array(
    z.object({
      login: z.string(),
      password: z.string(),
      organizationId: z.string().nullable(),
      name: z.string(),
      position: z.string(),
    }),
  ),
});

/** The emulator's whole data set: organizations, pupil files with representatives, employees, staff logins. */
export type CopRecords = z.infer<typeof CopRecords>;
/** One pupil file («личное дело»). */
export type StudentFile = z.infer<typeof StudentFile>;
/** A legal representative as the pupil file holds them. */
export type Representative = z.infer<typeof Representative>;
/** A person as any record holds them (student, representative or employee). */
export type PersonRecord = z.infer<typeof PersonRecord>;
/** A staff login of an organization (null: the municipality, which sees every queue). */
export type StaffAccount = CopRecords['staffAccounts'][number];

/** Where the emulator's records live. */
export const COP_RECORDS_PATH = repoFile('emulators', 'fixtures', 'cop-hmao.json');

/** Reads and validates the records; a malformed file fails at start, not in a flow. */
export function loadCopRecords(path = COP_RECORDS_PATH): CopRecords {
  return CopRecords.parse(JSON.parse(readFileSync(path, 'utf8')));
}
