import type { Response } from 'express';
import type { DnevnikPerson, DnevnikSchool } from './dnevnik.fixture';
import type { DnevnikStore } from './dnevnik.store';

const INT64 = '\u0000int64:';

/**
 * A 64-bit id as Дневник.ру sends it: a bare JSON number (which a JavaScript client rounds: the reason the
 * `*_str` twin exists) or null.
 */
export function int64(id: string | null): string | null {
  return id === null ? null : `${INT64}${id}`;
}

/** Sends JSON whose int64 markers become bare numbers with every digit, as the real API writes them. */
export function sendApiJson(res: Response, status: number, value: unknown): void {
  const text = JSON.stringify(value).replace(/"\\u0000int64:(\d+)"/g, '$1');
  res.status(status).type('application/json; charset=utf-8').send(text);
}

/** An API error in the vendor's shape `{ type, description }`. */
export function sendApiError(res: Response, status: number, type: string, description: string): void {
  sendApiJson(res, status, { type, description });
}

const birthday = (date: string | null) => (date === null ? null : `${date}T00:00:00`);
const shortName = (p: DnevnikPerson) => `${p.lastName} ${p.firstName}`.trim();

/** A school as the API shows it. */
export function schoolJson(school: DnevnikSchool) {
  return {
    id: int64(school.id),
    id_str: school.id,
    name: school.name,
    municipality: school.municipality,
    type: school.type,
  };
}

/** A login account (`/v2/users/...`). */
export function userJson(person: DnevnikPerson) {
  return {
    id: int64(person.userId),
    id_str: person.userId,
    personId: int64(person.personId),
    personId_str: person.personId,
    shortName: shortName(person),
    firstName: person.firstName,
    lastName: person.lastName,
    middleName: person.middleName,
    birthday: birthday(person.birthDate),
    sex: person.sex,
    roles: [...new Set(person.memberships.map((m) => m.role))],
    isBlocked: person.blocked,
  };
}

/** A school record (`/v2/persons/...`, children): its userId is null when nobody signs in with it. */
export function personJson(person: DnevnikPerson, store: DnevnikStore) {
  const study = person.memberships.find((m) => m.role === 'EduStudent');
  const school = study ? store.school(study.school) : undefined;
  return {
    id: int64(person.personId),
    id_str: person.personId,
    userId: int64(person.userId),
    userId_str: person.userId,
    shortName: shortName(person),
    firstName: person.firstName,
    lastName: person.lastName,
    middleName: person.middleName,
    birthday: birthday(person.birthDate),
    sex: person.sex,
    school: school ? schoolJson(school) : null,
    eduGroup: study?.eduGroup ? { name: study.eduGroup } : null,
  };
}

/** Where a person belongs: school, vendor role, and the class or position. */
export function membershipsJson(person: DnevnikPerson, store: DnevnikStore) {
  return person.memberships.map((m) => ({
    school: schoolJson(store.school(m.school)!),
    role: m.role,
    position: m.position ?? null,
    eduGroup: m.eduGroup ? { name: m.eduGroup } : null,
  }));
}
