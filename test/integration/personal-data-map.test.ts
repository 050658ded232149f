import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FAMILIES, TABLES } from '../../src/personal-data-map';
import { renderPersonalDataMap } from '../../src/personal-data-map.markdown';
import { fromRoot } from '../../src/paths';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let live: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  const rows: Array<{ c: string }> = await db.dataSource.query(
    `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
  );
  live = rows.map((r) => r.c);
});

afterAll(async () => {
  await db?.drop();
});

/** Every column the map lists, with the issue it arrives with when it is not in the schema yet. */
const mapped = TABLES.flatMap((t) =>
  Object.entries(t.columns).map(([column, entry]) => ({
    name: `${t.table}.${column}`,
    arrivesWith: entry.arrivesWith ?? t.arrivesWith,
  })),
);

describe('the data map (docs/personal-data.md) and the live schema after every migration', () => {
  it('every column of every table is in the map', () => {
    const names = new Set(mapped.map((m) => m.name));
    expect(live.length).toBeGreaterThan(100);
    expect(live.filter((column) => !names.has(column))).toEqual([]);
  });

  it('every column the map lists exists, unless the map marks it as arriving with a later issue', () => {
    const absent = mapped.filter((m) => !live.includes(m.name));
    expect(absent.filter((m) => !m.arrivesWith).map((m) => m.name)).toEqual([]);
    // A column marked as arriving with a later issue shows here until its migration lands.
    expect(absent.map((m) => `${m.name} (${m.arrivesWith})`)).toEqual([]);
  });

  it('a table that holds personal data says why, on which basis, who reads it and for how long', () => {
    const personal = TABLES.filter((t) => Object.values(t.columns).some((c) => c.kind !== 'none'));
    const incomplete = personal.filter(
      (t) =>
        Object.values(t.columns).some((c) => !['none', 'secret'].includes(c.kind)) &&
        (!t.purpose || !t.basis.length || !t.readers || !t.retention),
    );
    expect(incomplete.map((t) => t.table)).toEqual([]);
  });

  it('the document carries the map as the code has it (npm run personal-data:docs)', () => {
    const doc = readFileSync(fromRoot('docs/personal-data.md'), 'utf8');
    for (const lang of ['ru', 'en'] as const) {
      const section = new RegExp(`<!-- map:${lang}:begin -->\\n([\\s\\S]*)\\n<!-- map:${lang}:end -->`).exec(
        doc,
      );
      expect(section?.[1]).toBe(renderPersonalDataMap(lang));
    }
    expect(doc.indexOf('<!-- map:ru:begin -->')).toBeLessThan(doc.indexOf('<!-- map:en:begin -->'));
  });
});

describe('the data map and the shared store', () => {
  /** Every key family the code writes: the prefixes of one-time values and states, rate limits and nonces. */
  function familiesInCode(): string[] {
    const files = (dir: string): string[] =>
      readdirSync(fromRoot(dir)).flatMap((name) => {
        const path = join(dir, name);
        return statSync(fromRoot(path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const found = new Set<string>();
    for (const file of files('src')) {
      const text = readFileSync(fromRoot(file), 'utf8');
      for (const m of text.matchAll(/(?:prefix: |_PREFIX = )'([a-z-]+:(?:[a-z-]+:)?)'/g))
        found.add(`state:${m[1]}`);
      for (const m of text.matchAll(/(?:rateLimiter\.hit|\.hit)\(`([a-z-]+:(?:[a-z]+:)?)/g))
        found.add(`rl:${m[1]}`);
      for (const m of text.matchAll(/putIfAbsent\(\s*`([a-z-]+:)/g)) found.add(`state:${m[1]}`);
      // The forms RateLimiter.hitOnce takes: a one-time mark (a StateStore key) and the hits it counts.
      for (const m of text.matchAll(/key:\s*`([a-z-]+:)[^`]*`,\s*ttlSeconds/g)) found.add(`state:${m[1]}`);
      for (const m of text.matchAll(/key:\s*`([a-z-]+:(?:[a-z]+:)?)[^`]*`,\s*limit:/g))
        found.add(`rl:${m[1]}`);
    }
    return [...found].sort();
  }

  it('every key family the code writes is in the map', () => {
    const families = familiesInCode();
    expect(families).toEqual(
      expect.arrayContaining([
        'state:esia:state:',
        'state:op:',
        'rl:diary-pw:',
        'state:vendor-nonce:',
        'rl:decision:i:',
        'rl:decision:u:',
      ]),
    );
    const patterns = KEY_FAMILIES.map((f) => f.pattern).join(' ');
    expect(families.filter((f) => !patterns.includes(f))).toEqual([]);
  });

  it("the OpenID Provider's families are listed in their own section, one per model that names a person", () => {
    const provider = KEY_FAMILIES.filter((f) => f.section === 'provider');
    expect(provider.map((f) => f.pattern.split(':').slice(0, 3).join(':'))).toEqual([
      'state:op:Session',
      'state:op:Grant',
      'state:op:AuthorizationCode',
      'state:op:AccessToken',
      'state:op:RefreshToken',
      'state:op:Interaction',
      'state:op:PushedAuthorizationRequest',
      'state:provider:sign-in',
      'state:provider:pending-change',
    ]);
    expect(provider.every((f) => f.arrivesWith === undefined)).toBe(true);
  });
});
