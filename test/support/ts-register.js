// Lets plain `node -r ./test/support/ts-register.js file.ts` run the project's TypeScript without a build:
// tests spawn real processes (start-up errors, SIGTERM, kill -9) and scripts run from source. Type checking is
// tsc's job. Each compiled file is kept in a cache folder under the system's temp folder, named by a hash of
// its source, the compiler's version and the options, so a gateway spawned again (or by another suite) starts
// without loading the compiler at all; a changed file gets a new name, so nothing stale is ever used.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const options = {
  module: 1, // CommonJS
  target: 9, // ES2022
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  resolveJsonModule: true,
  sourceMap: false,
};
const typescriptVersion = require('typescript/package.json').version;
const cacheDir = path.join(os.tmpdir(), `elg-ts-register-${process.getuid?.() ?? 'u'}`);
let ts;

function compiled(source, filename) {
  const hash = crypto
    .createHash('sha256')
    .update(`${typescriptVersion}\0${JSON.stringify(options)}\0${filename}\0${source}`)
    .digest('hex');
  const file = path.join(cacheDir, `${hash}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    ts ??= require('typescript');
    const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      // Written under a temporary name and renamed: processes starting together never read half a file.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, outputText);
      fs.renameSync(temporary, file);
    } catch {
      // A read-only temp folder only costs the compile next time.
    }
    return outputText;
  }
}

require.extensions['.ts'] = function compile(module, filename) {
  module._compile(compiled(fs.readFileSync(filename, 'utf8'), filename), filename);
};
require('reflect-metadata');
