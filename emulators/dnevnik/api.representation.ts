import type { Response } from 'express';
import type { DnevnikPerson, DnevnikSchool } from './dnevnik.fixture';
import type { DnevnikStore } from './dnevnik.store';

/*
 * How Дневник.ру's own API writes its answers, from the public clients' models (no client publishes recorded
 * answers): alllexey123/dnevnik-partners-api src/main/java/api/dnevnik/partners/model/user/{User,Person,
 * UserContext,SchoolContext}.java and alllexey123/dnevnik-mobile-api model/response/{BasicResponse,
 * LoginResponse}.java, deserializers/CredentialsDeserializer.java.
 */

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

/**
 * A refusal in the vendor's envelope `{ type, description }` (BasicResponse.java; the types kesha1225/
 * DnevnikRuAPI pydnevnikruapi/dnevnik/dnevnik.py `_check_response` reads: parameterInvalid, apiServerError,
 * apiUnknownError, authorizationFailed; and those of mobile-api ResponseType.java: invalidRequest,
 * tokenRequired, …).
 */
export function sendApiError(
  res: Response,
  status: number,
  type: string,
  description: string,
  extra: Record<string, unknown> = {},
): void {
  sendApiJson(res, status, { type, description, ...extra });
}

/**
 * An address the API does not serve: an HTML error page, whose text kesha1225/DnevnikRuAPI `_check_response`
 * takes from `<div class="error__description"><p>…</p>` (so not the JSON envelope).
 */
export function sendHtmlNotFound(res: Response): void {
  res
    .status(404)
    .type('html')
    .send(
      '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Ошибка</title></head><body>' +
        '<div class="error__description"><p>Страница не найдена</p></div></body></html>',
    );
}

const birthday = (date: string | null) => (date === null ? null : `${date}T00:00:00`);
const shortName = (p: DnevnikPerson) => `${p.lastName} ${p.firstName}`.trim();
const fullName = (p: DnevnikPerson) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

/** The account's roles, each once, as the User model's `roles` lists them. */
export function rolesOf(person: DnevnikPerson): string[] {
  return [...new Set(person.memberships.map((m) => m.role))];
}

/**
 * A login account (`/v2/users/…`): the User model. The first name is `name`; there is no `firstName` and no
 * blocked flag.
 */
export function userJson(person: DnevnikPerson) {
  return {
    id: int64(person.userId),
    id_str: person.userId,
    personId: int64(person.personId),
    personId_str: person.personId,
    name: person.firstName,
    lastName: person.lastName,
    middleName: person.middleName,
    fullName: fullName(person),
    shortName: shortName(person),
    login: person.login,
    sex: person.sex,
    birthday: birthday(person.birthDate),
    roles: rolesOf(person),
    locale: 'ru-RU',
    timezone: null,
  };
}

/** A school record (Person.java): its userId is null when nobody signs in with it. */
export function personJson(person: DnevnikPerson) {
  return {
    id: int64(person.personId),
    id_str: person.personId,
    userId: int64(person.userId),
    userId_str: person.userId,
    firstName: person.firstName,
    lastName: person.lastName,
    middleName: person.middleName,
    shortName: shortName(person),
    sex: person.sex,
  };
}

/** A school in a context (SchoolContext.java). */
function schoolContextJson(school: DnevnikSchool) {
  return { id: int64(school.id), id_str: school.id, name: school.name, type: school.type, groupIds: [] };
}

/**
 * `/v2/users/{id}/context` (UserContext.java): the account's roles and schools, unpaired: the model does not
 * say which role the person has at which school.
 */
export function contextJson(person: DnevnikPerson, store: DnevnikStore) {
  const schools = [...new Set(person.memberships.map((m) => m.school))].map((id) => store.school(id)!);
  return {
    userId: int64(person.userId),
    personId: int64(person.personId),
    shortName: shortName(person),
    avatarUrl: null,
    roles: rolesOf(person),
    schools: schools.map(schoolContextJson),
    schoolIds: schools.map((s) => int64(s.id)),
    eduGroups: [],
    groupIds: [],
  };
}
