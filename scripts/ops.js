#!/usr/bin/env node
// `npm run ops -- …`: runs the built CLI (dist/src/cli/ops.js), building first only when the build is missing or a
// source file (src/, adapters/, emulators/, migrations/, the tsconfig files) is newer than it. Plain JavaScript,
// so that it needs no build itself.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const SOURCES = ['src', 'adapters', 'emulators', 'migrations'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time (ms) of the TypeScript sources and build settings under `root`. */
function newestSource(root) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCES) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of CONFIGS)
    if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** Whether dist/ holds a build of the current sources (tsc writes every output on each build). */
function buildIsCurrent(root) {
  const built = path.join(root, 'dist', 'src', 'cli', 'ops.js');
  return existsSync(built) && statSync(built).mtimeMs >= newestSource(root);
}

/** Builds when needed, then runs the CLI with `args`; resolves with its exit code. */
function run(root, args) {
  if (!buildIsCurrent(root)) {
    process.stderr.write('ops: the sources changed since the last build: building (tsc)…\n');
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (build.status !== 0) {
      process.stderr.write('ops: the build failed (npm run build shows why)\n');
      return build.status ?? 1;
    }
  }
  const cli = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'ops.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  return cli.status ?? 1;
}

module.exports = { buildIsCurrent, newestSource, run };

// ELG_OPS_ROOT: another project folder (the script's own test runs it on a scratch one).
if (require.main === module)
  process.exit(run(process.env.ELG_OPS_ROOT || path.join(__dirname, '..'), process.argv.slice(2)));
