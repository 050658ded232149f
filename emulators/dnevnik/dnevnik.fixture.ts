import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { repoFile } from '../fixtures/fixture-paths';
import { loadPersonas, type Persona } from '../fixtures/personas.fixture';

const id64 = z.string().regex(/^\d{1,19}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const School = z.object({ id: id64, name: z.string(), municipality: z.string(), type: z.string() });
const Membership = z.object({
  school: id64,
  role: z.enum(['EduStudent', 'EduParent', 'EduStaff', 'EduSchoolAdministrator']),
  eduGroup: z.string().optional(),
  position: z.string().optional(),
});
const PersonRecord = z.object({
  personId: id64,
  userId: id64.nullable(),
  personaId: z.string().nullable(),
  lastName: z.string().optional(),
  firstName: z.string().optional(),
  middleName: z.string().optional(),
  birthDate: isoDate.nullable().optional(),
  sex: z.enum(['Male', 'Female']).optional(),
  login: z.string().optional(),
  password: z.string().optional(),
  blocked: z.boolean().optional(),
  memberships: z.array(Membership),
  children: z.array(id64).optional(),
  note: z.string().optional(),
});

/** A school of the emulated diary. */
export type DnevnikSchool = z.infer<typeof School>;
/** Where a person belongs, with the vendor's role name. */
export type DnevnikMembership = z.infer<typeof Membership>;

/** One person of the diary with the persona's data filled in: what the API and the pages show. */
export interface DnevnikPerson {
  personId: string;
  /** The login account; null for a school record nobody signs in with. */
  userId: string | null;
  personaId: string | null;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string | null;
  sex: 'Male' | 'Female' | null;
  login: string | null;
  password: string | null;
  blocked: boolean;
  memberships: DnevnikMembership[];
  childPersonIds: string[];
}

/** The diary's whole data set. */
export interface DnevnikData {
  schools: DnevnikSchool[];
  people: DnevnikPerson[];
}

/** Where the diary's fixture lives. */
export const DNEVNIK_FIXTURE_PATH = repoFile('emulators', 'fixtures', 'dnevnik.json');

function fromPersona(record: z.infer<typeof PersonRecord>, personas: Persona[]): DnevnikPerson {
  const persona = record.personaId === null ? undefined : personas.find((p) => p.id === record.personaId);
  if (record.personaId !== null && !persona)
    throw new Error(`dnevnik.json: unknown persona ${record.personaId}`);
  const sex = persona ? (persona.gender === 'F' ? 'Female' : persona.gender === 'M' ? 'Male' : null) : null;
  return {
    personId: record.personId,
    userId: record.userId,
    personaId: record.personaId,
    lastName: record.lastName ?? persona?.lastName ?? '',
    firstName: record.firstName ?? persona?.firstName ?? '',
    middleName: record.middleName ?? persona?.middleName ?? '',
    birthDate: record.birthDate !== undefined ? record.birthDate : (persona?.birthDate ?? null),
    sex: record.sex ?? sex,
    login: record.login ?? null,
    password: record.password ?? null,
    blocked: record.blocked ?? false,
    memberships: record.memberships,
    childPersonIds: record.children ?? [],
  };
}

/** Reads dnevnik.json and joins it with the shared personas; a broken reference fails at start, not in a flow. */
export function loadDnevnikData(path = DNEVNIK_FIXTURE_PATH, personas = loadPersonas()): DnevnikData {
  const raw = z
    .object({ schools: z.array(School), people: z.array(PersonRecord) })
    .parse(JSON.parse(readFileSync(path, 'utf8')));
  const people = raw.people.map((r) => fromPersona(r, personas));
  const schoolIds = new Set(raw.schools.map((s) => s.id));
  const personIds = new Set(people.map((p) => p.personId));
  for (const p of people) {
    for (const m of p.memberships)
      if (!schoolIds.has(m.school))
        throw new Error(`dnevnik.json: ${p.personId} names unknown school ${m.school}`);
    for (const c of p.childPersonIds)
      if (!personIds.has(c)) throw new Error(`dnevnik.json: ${p.personId} names unknown child ${c}`);
  }
  return { schools: raw.schools, people };
}
