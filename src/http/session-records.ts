import {
  holdsAccount,
  holdsOid,
  type PersonIdentifiers,
  type PersonalRecordsSource,
} from '../core/ports/personal-records.port';
import type { SharedStoreScan } from '../core/ports/shared-store-scan.port';
import { asObject, type Json, sharedStoreRecords } from '../core/shared-store-records';

/**
 * The fields of one stored session that name the person: the ESIA person after sign-in (journeys' `person`, the
 * plain sign-in's `esia`), and every step of a journey that carries their diary account or oid.
 */
export function namingFields(session: Json, person: PersonIdentifiers): string[] {
  const fields: string[] = [];
  for (const key of ['person', 'esia'])
    if (holdsOid(person, asObject(session[key])['oid'])) fields.push(`${key}.oid`, `${key}.displayName`);
  for (const key of ['journey', 'pendingLink', 'pendingUnlink', 'linked']) {
    const step = asObject(session[key]);
    if (holdsAccount(person, step['instanceId'], step['userId'])) fields.push(`${key}.userId`);
    if (holdsOid(person, step['oid'])) fields.push(`${key}.oid`);
  }
  const choices = asObject(session['loginChoices']);
  const list = Array.isArray(choices['choices']) ? (choices['choices'] as unknown[]) : [];
  if (list.some((c) => holdsAccount(person, choices['instanceId'], asObject(c)['userId'])))
    fields.push('loginChoices.choices');
  for (const [instanceId, choice] of Object.entries(asObject(session['stay'])))
    if (holdsAccount(person, instanceId, asObject(choice)['userId'])) fields.push(`stay.${instanceId}`);
  return fields;
}

const FAMILY = 'sess:<id>';

/**
 * Browser sessions (express-session records in the shared store) as a source of a person's records. Erasing
 * destroys the whole session: the person is signed out of the gateway in every browser.
 */
export function sessionRecords(scan: SharedStoreScan, now: () => Date): PersonalRecordsSource {
  return sharedStoreRecords(scan, now, {
    families: [FAMILY],
    prefixes: ['sess:'],
    naming: (_prefix, session, person) => namingFields(session, person),
    familyOf: () => FAMILY,
  });
}
