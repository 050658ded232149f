#!/usr/bin/env node
'use strict';
/**
 * Runs a command with OPENSSL_CONF set so that Node (and openssl) load Debian's gost-engine — but only when the
 * engine is really there. OpenSSL reads its config once, when Node starts, so this has to happen before Node
 * starts; and a config naming a missing engine makes Node refuse to start (exit code 103). Hence:
 *   1. an OPENSSL_CONF already set is kept if a probe Node starts with it and finds md_gost12_256;
 *   2. otherwise config/openssl-gost.cnf is used if the engine is at the path it names;
 *   3. otherwise, if the engine is found elsewhere (GOST_ENGINE_PATH, or openssl's ENGINESDIR), a copy of the
 *      config with that path is written to the temp directory;
 *   4. otherwise OPENSSL_CONF is left unset and the gateway falls back to the JavaScript signer (it says so).
 *
 * Usage: node scripts/with-gost-engine.js <command> [args...]      (e.g. `... jest`, `... node dist/src/main.js`)
 *        node scripts/with-gost-engine.js --print                   (prints the OPENSSL_CONF it would use)
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_CONF = path.join(__dirname, '..', 'config', 'openssl-gost.cnf');
const PROBE = "require('crypto').createHash('md_gost12_256')";

function say(message) {
  if (!process.env.GOST_ENGINE_QUIET) process.stderr.write(`[with-gost-engine] ${message}\n`);
}

function probe(conf) {
  const env = { ...process.env, OPENSSL_CONF: conf };
  return spawnSync(process.execPath, ['-e', PROBE], { env, stdio: 'ignore', timeout: 10000 }).status === 0;
}

function enginesDir() {
  const result = spawnSync('openssl', ['version', '-e'], { encoding: 'utf8', timeout: 5000 });
  const match = /ENGINESDIR:\s*"([^"]+)"/.exec(result.stdout || '');
  return match ? match[1] : undefined;
}

function resolveConf() {
  const preset = process.env.OPENSSL_CONF;
  if (preset) {
    if (probe(preset)) return preset;
    say(`OPENSSL_CONF=${preset} does not load gost-engine here: ignoring it`);
  }
  const template = fs.readFileSync(REPO_CONF, 'utf8');
  const named = /^\s*dynamic_path\s*=\s*(\S+)/m.exec(template)[1];
  const candidates = [
    process.env.GOST_ENGINE_PATH,
    named,
    enginesDir() && path.join(enginesDir(), 'gost.so'),
  ];
  const engine = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!engine) return undefined;
  let conf = REPO_CONF;
  if (engine !== named) {
    const text = template.replace(/^(\s*dynamic_path\s*=\s*)\S+/m, `$1${engine}`);
    const digest = crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
    conf = path.join(os.tmpdir(), `elg-openssl-gost-${digest}.cnf`);
    fs.writeFileSync(conf, text, { mode: 0o644 });
  }
  if (probe(conf)) return conf;
  say(`gost-engine at ${engine} does not load into this Node: running without it`);
  return undefined;
}

function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write('usage: node scripts/with-gost-engine.js <command> [args...] | --print\n');
    process.exit(2);
  }
  const conf = resolveConf();
  const env = { ...process.env };
  if (conf) env.OPENSSL_CONF = conf;
  else {
    delete env.OPENSSL_CONF;
    say(
      'gost-engine not found (apt-get install libengine-gost-openssl): the JavaScript GOST fallback will be used',
    );
  }
  if (command === '--print') {
    process.stdout.write(`${conf ?? ''}\n`);
    return;
  }
  const child = spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`[with-gost-engine] cannot run ${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

main();
