import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
/** Where the measured processes' JavaScript goes (what `npm run build` makes, for the benches' own entries too). */
export const COMPILED_DIR = join(ROOT, '.data', 'bench-js');
const FOLDERS = ['src', 'adapters', 'emulators', 'migrations', 'bench'];

// The options of test/support/ts-register.js: the same JavaScript, written once instead of in every child.
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  resolveJsonModule: true,
  sourceMap: false,
};

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

let done = false;

/**
 * Transpiles the repository's TypeScript into COMPILED_DIR (skipping files whose output is newer), so that a
 * measured child runs plain JavaScript as `npm start` does: without the TypeScript compiler in its memory
 * (≈ 60–100 MB of RSS) or its transpiling on the first request of each route.
 */
export function transpileForBench(): void {
  if (done) return;
  for (const folder of FOLDERS) {
    for (const file of sources(join(ROOT, folder))) {
      const out = join(COMPILED_DIR, relative(ROOT, file)).replace(/\.ts$/, '.js');
      try {
        if (statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
      } catch {
        // Not written yet.
      }
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: OPTIONS,
        fileName: file,
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
  }
  done = true;
}
