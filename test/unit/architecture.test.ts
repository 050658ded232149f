import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layer rules of DESIGN.md §3 and STYLE.md, checked on every run: dependencies point inward, the core is
 * pure, the emulators are written from the protocol (not from our client), and only adapters/ knows vendors.
 */
const root = resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or requires (static, dynamic, type-only alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)];
  return found.map((m) => m[1]!);
}

function resolvesInto(file: string, specifier: string, folder: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = relative(root, resolve(root, dirname(file), specifier));
  return target === folder || target.startsWith(folder + '/');
}

describe('architecture', () => {
  it('src/core imports nothing but src/core: no framework, no I/O', () => {
    const offenders = tsFiles('src/core').flatMap((file) =>
      importsOf(file)
        .filter((s) => !resolvesInto(file, s, 'src/core'))
        .map((s) => `${file} -> ${s}`),
    );
    expect(tsFiles('src/core').length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it('the emulators import nothing from src/ or adapters/', () => {
    const offenders = tsFiles('emulators').flatMap((file) =>
      importsOf(file)
        .filter((s) => resolvesInto(file, s, 'src') || resolvesInto(file, s, 'adapters'))
        .map((s) => `${file} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing in src/ names a vendor: a new vendor is a folder in adapters/ and a registry line', () => {
    const vendorWords = /\b(dnevnik|setevoy|netschool|cop-hmao|cop_hmao)\b/i;
    const offenders = tsFiles('src').filter((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .some((line) => !/^\s*(\/\/|\/\*|\*)/.test(line) && vendorWords.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it('src/ imports nothing from test/, and only the composition root starts the emulators (the demo)', () => {
    const compositionRoot = new Set(['src/main.ts']);
    const offenders = tsFiles('src')
      .filter((file) => !compositionRoot.has(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((s) => resolvesInto(file, s, 'test') || resolvesInto(file, s, 'emulators'))
          .map((s) => `${file} -> ${s}`),
      );
    const fromRoot = [...compositionRoot].flatMap((file) =>
      importsOf(file).filter((s) => resolvesInto(file, s, 'test')),
    );
    expect([...offenders, ...fromRoot]).toEqual([]);
  });
});
