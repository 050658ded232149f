import {
  holdsAccount,
  holdsOid,
  type PersonIdentifiers,
  type PersonalRecord,
  type PersonalRecordsSource,
} from '../core/ports/personal-records.port';
import type { SharedStoreScan } from '../core/ports/shared-store-scan.port';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});

/**
 * The fields of one stored session that name the person: the ESIA person after sign-in (journeys' `person`, the
 * plain sign-in's `esia`), and every step of a journey that carries their diary account or oid.
 */
export function namingFields(session: Json, person: PersonIdentifiers): string[] {
  const fields: string[] = [];
  for (const key of ['person', 'esia'])
    if (holdsOid(person, obj(session[key])['oid'])) fields.push(`${key}.oid`, `${key}.displayName`);
  for (const key of ['journey', 'pendingLink', 'pendingUnlink', 'linked']) {
    const step = obj(session[key]);
    if (holdsAccount(person, step['instanceId'], step['userId'])) fields.push(`${key}.userId`);
    if (holdsOid(person, step['oid'])) fields.push(`${key}.oid`);
  }
  const choices = obj(session['loginChoices']);
  const list = Array.isArray(choices['choices']) ? (choices['choices'] as unknown[]) : [];
  if (list.some((c) => holdsAccount(person, choices['instanceId'], obj(c)['userId'])))
    fields.push('loginChoices.choices');
  for (const [instanceId, choice] of Object.entries(obj(session['stay'])))
    if (holdsAccount(person, instanceId, obj(choice)['userId'])) fields.push(`stay.${instanceId}`);
  return fields;
}

const FAMILY = 'sess:<id>';

/**
 * Browser sessions (express-session records in the shared store) as a source of a person's records. Erasing
 * destroys the whole session: the person is signed out of the gateway in every browser.
 */
export function sessionRecords(scan: SharedStoreScan, now: () => Date): PersonalRecordsSource {
  async function* naming(person: PersonIdentifiers) {
    for await (const entry of scan.entries('sess:')) {
      let session: Json;
      try {
        session = obj(JSON.parse(entry.value));
      } catch {
        continue; // not a session this gateway wrote
      }
      const fields = namingFields(session, person);
      if (fields.length) yield { entry, fields };
    }
  }
  return {
    families: [FAMILY],
    async list(person) {
      const found: PersonalRecord[] = [];
      for await (const { entry, fields } of naming(person))
        found.push({
          family: FAMILY,
          fields,
          expiresAt: entry.ttlMs === null ? null : new Date(now().getTime() + entry.ttlMs),
        });
      return found;
    },
    async erase(person) {
      let erased = 0;
      for await (const { entry } of naming(person)) {
        await scan.delete(entry.key);
        erased++;
      }
      return erased;
    },
  };
}
