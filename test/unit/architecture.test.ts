import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The layer rules (docs/architecture.md) are enforced by dependency-cruiser in `npm run lint`
 * (.dependency-cruiser.cjs): a rule per layer, no cycles, the emulators and the product apart. What stays here is
 * what that tool cannot say (no vendor named in src/), and proof that the lint does fail on a violation: the
 * project's own configuration run on scratch trees that break one rule each.
 */
const root = resolve(__dirname, '../..');
const run = promisify(execFile);

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

/** Runs the project's dependency-cruiser rules on a scratch tree: each violation as `rule: from → to`. */
async function violationsOf(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'elg-layers-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const folders = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
    const bin = join(root, 'node_modules/.bin/depcruise');
    const args = [...folders, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'];
    // Exit code 1 with the report on stdout is how it says "violations found".
    const { stdout } = await run(bin, args, { cwd: dir }).catch((err: { stdout?: string }) => ({
      stdout: err.stdout ?? '',
    }));
    const report = JSON.parse(stdout) as {
      summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
    };
    return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('architecture', () => {
  it('the lint refuses each kind of wrong arrow, and only those', async () => {
    const violations = await violationsOf({
      // An upward arrow: a repository that reads a use case's module.
      'src/services/rule.ts': 'export const rule = 1;\n',
      'src/store/repo.ts': "import { rule } from '../services/rule';\nexport const repo = rule;\n",
      // A cycle inside one layer.
      'src/cache/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/cache/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      // A core that does I/O.
      'src/core/pure.ts': "import { readFileSync } from 'node:fs';\nexport const p = readFileSync;\n",
      // The emulators and the product apart.
      'src/services/x.ts': "import { e } from '../../emulators/e';\nexport const x = e;\n",
      'emulators/e.ts': "import { c } from '../src/core/c';\nexport const e = c;\n",
      'src/core/c.ts': 'export const c = 1;\n',
      // Arrows that point down are fine.
      'src/http/h.ts':
        "import { x } from '../services/x';\nimport { repo } from '../store/repo';\nexport const h = [x, repo];\n",
    });
    expect(violations).toEqual([
      'core-imports-only-core: src/core/pure.ts → fs',
      'emulators-never-import-the-gateway: emulators/e.ts → src/core/c.ts',
      'infrastructure-points-to-core: src/store/repo.ts → src/services/rule.ts',
      'no-circular: src/cache/a.ts → src/cache/b.ts',
      'the-gateway-never-imports-emulators: src/services/x.ts → emulators/e.ts',
    ]);
  }, 60_000);

  it('nothing in src/ names a vendor: a new vendor is a folder in adapters/ and a registry line', () => {
    const vendorWords = /\b(dnevnik|setevoy|netschool|cop-hmao|cop_hmao)\b/i;
    const offenders = tsFiles('src').filter((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .some((line) => !/^\s*(\/\/|\/\*|\*)/.test(line) && vendorWords.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});
