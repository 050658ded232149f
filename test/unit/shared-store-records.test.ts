import type { PersonIdentifiers } from '../../src/core/ports/personal-records.port';
import type { SharedStoreEntry, SharedStoreScan } from '../../src/core/ports/shared-store-scan.port';
import { asObject, sharedStoreRecords, type Json } from '../../src/core/shared-store-records';

/**
 * The shared store's scan as a plain map: the port's two operations and nothing else (the Redis scan behind it
 * is tested in test/contract/cache-redis.test.ts; here the subject is what the core does with the entries).
 */
function storeOf(entries: SharedStoreEntry[]): SharedStoreScan & { keys(): string[] } {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return {
    async *entries(prefix) {
      for (const entry of [...byKey.values()]) if (entry.key.startsWith(prefix)) yield entry;
    },
    async delete(key) {
      byKey.delete(key);
    },
    keys: () => [...byKey.keys()].sort(),
  };
}

const NOW = new Date('2026-12-07T10:00:00Z');
const person: PersonIdentifiers = { esiaOids: ['1000300001'], accounts: [] };

/** Sessions name a person by `person.oid`; tickets by `oid`; a key of the family `t:` is a ticket. */
function sourceOver(store: SharedStoreScan) {
  return sharedStoreRecords(store, () => NOW, {
    families: ['sessions', 'tickets'],
    prefixes: ['sess:', 't:'],
    naming(prefix: string, value: Json, p: PersonIdentifiers) {
      const oid = prefix === 'sess:' ? asObject(value['person'])['oid'] : value['oid'];
      return typeof oid === 'string' && p.esiaOids.includes(oid)
        ? [prefix === 'sess:' ? 'person.oid' : 'oid']
        : [];
    },
    familyOf: (prefix: string) => (prefix === 'sess:' ? 'sessions' : 'tickets'),
  });
}

const entries = (): SharedStoreEntry[] => [
  { key: 'sess:a', value: JSON.stringify({ person: { oid: '1000300001' } }), ttlMs: 60_000 },
  { key: 'sess:b', value: JSON.stringify({ person: { oid: '1000300002' } }), ttlMs: 60_000 },
  { key: 'sess:c', value: 'not json', ttlMs: 60_000 },
  { key: 'sess:d', value: JSON.stringify('a string names nobody'), ttlMs: null },
  { key: 'sess:e', value: JSON.stringify({ person: '1000300001' }), ttlMs: 5 },
  { key: 't:x', value: JSON.stringify({ oid: '1000300001' }), ttlMs: null },
  { key: 'other:y', value: JSON.stringify({ oid: '1000300001' }), ttlMs: null },
];

describe('asObject', () => {
  it.each([
    ['an object', { a: 1 }, { a: 1 }],
    ['an array (an object too)', [1], [1]],
    ['null', null, {}],
    ['a string', 'x', {}],
    ['a number', 7, {}],
    ['undefined', undefined, {}],
  ])('%s reads as %p', (_name, value, expected) => {
    expect(asObject(value)).toEqual(expected);
  });
});

describe('records of a person in the shared store', () => {
  it('lists the keys of its prefixes that name the person, with the fields, the family and the expiry', async () => {
    const records = await sourceOver(storeOf(entries())).list(person);
    expect(records).toEqual([
      { family: 'sessions', fields: ['person.oid'], expiresAt: new Date(NOW.getTime() + 60_000) },
      { family: 'tickets', fields: ['oid'], expiresAt: null },
    ]);
  });

  it('erases exactly those keys and says how many; values that are not JSON objects are passed over', async () => {
    const store = storeOf(entries());
    const source = sourceOver(store);
    expect(await source.erase(person)).toBe(2);
    expect(store.keys()).toEqual(['other:y', 'sess:b', 'sess:c', 'sess:d', 'sess:e']);
    expect(await source.list(person)).toEqual([]);
    expect(await source.erase(person)).toBe(0);
  });

  it('names its families as given', () => {
    expect(sourceOver(storeOf([])).families).toEqual(['sessions', 'tickets']);
  });
});
