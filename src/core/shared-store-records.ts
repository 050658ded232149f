import type { PersonalRecord, PersonalRecordsSource, PersonIdentifiers } from './ports/personal-records.port';
import type { SharedStoreScan } from './ports/shared-store-scan.port';

/** A JSON object as stored; anything else reads as `{}` (see asObject). */
export type Json = Record<string, unknown>;

/** The value as an object to read fields from, or `{}` when it is none (a string, null, a number). */
export const asObject = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});

/**
 * A source of a person's records kept as JSON in the shared store (browser sessions, the OpenID Provider's
 * records): reads every key of `prefixes`, keeps the ones whose `naming` fields are the person's, lists them
 * with their expiry, and erases them by deleting the key. A value that is not JSON names nobody (an index, a
 * marker, a record another program wrote) and is passed over.
 */
export function sharedStoreRecords(
  scan: SharedStoreScan,
  now: () => Date,
  p: {
    /** The record families as docs/personal-data.md names them. */
    families: string[];
    prefixes: readonly string[];
    /** The fields of one record that name the person; [] when it names somebody else. */
    naming(prefix: string, value: Json, person: PersonIdentifiers): string[];
    /** The family of one key (one of `families`). */
    familyOf(prefix: string, key: string): string;
  },
): PersonalRecordsSource {
  async function* naming(person: PersonIdentifiers) {
    for (const prefix of p.prefixes)
      for await (const entry of scan.entries(prefix)) {
        let value: Json;
        try {
          value = asObject(JSON.parse(entry.value));
        } catch {
          continue;
        }
        const fields = p.naming(prefix, value, person);
        if (fields.length) yield { entry, prefix, fields };
      }
  }
  return {
    families: p.families,
    async list(person) {
      const found: PersonalRecord[] = [];
      for await (const { entry, prefix, fields } of naming(person))
        found.push({
          family: p.familyOf(prefix, entry.key),
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
