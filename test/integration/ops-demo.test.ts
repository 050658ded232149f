import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { fromRoot } from '../../src/paths';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { createDataSource } from '../../src/store/data-source';
import { startEmbeddedPostgresInChild, type EmbeddedPostgresChild } from '../support/test-database';

jest.setTimeout(120_000);
const ROOT = path.join(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The CLI from source as `npm run ops` runs it in development: no DATABASE_URL, the demo's embedded PostgreSQL
 * at `dataDir` and `port`. Asynchronous, so that a test can keep a server of its own running meanwhile.
 */
async function opsWithoutDatabaseUrl(
  args: readonly string[],
  demo: { dataDir: string; port: number },
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/cli/ops.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'development',
      EMULATORS: 'false',
      EMBEDDED_PG_PORT: String(demo.port),
      EMBEDDED_PG_DIR: demo.dataDir,
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out, err };
}

/*
 * `npm run ops` with the demo (issue 18): scripts/ops.js runs the built CLI and builds only when a source is newer
 * than the build; without DATABASE_URL the CLI reaches the embedded PostgreSQL that `npm start` runs, says so,
 * and leaves it running.
 */
describe('scripts/ops.js: the built CLI, rebuilt only when the sources are newer', () => {
  let root: string;
  const run = () =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/ops.js'), 'readiness', '--region', '86'], {
      encoding: 'utf8',
      // The script under test, pointed at a scratch project: its own dist/ and a stand-in tsc that records a build.
      env: { ...process.env, ELG_OPS_ROOT: root },
    });
  const at = (file: string, seconds: number) => utimesSync(path.join(root, file), seconds, seconds);

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'elg-ops-script-'));
    for (const dir of ['src/cli', 'dist/src/cli', 'node_modules/typescript/bin'])
      mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, 'src/cli/ops.ts'), '// source\n');
    writeFileSync(path.join(root, 'tsconfig.build.json'), '{}\n');
    writeFileSync(
      path.join(root, 'dist/src/cli/ops.js'),
      "process.stdout.write('cli ran with ' + process.argv.slice(2).join(' ') + '\\n');\n",
    );
    // A stand-in for tsc (this test is about when the script builds, not about TypeScript): it leaves a mark
    // and, as tsc does, rewrites the output.
    writeFileSync(
      path.join(root, 'node_modules/typescript/bin/tsc'),
      "const fs = require('fs'); fs.writeFileSync('built.mark', 'x'); const f = 'dist/src/cli/ops.js'; fs.writeFileSync(f, fs.readFileSync(f));\n",
    );
    writeFileSync(path.join(root, 'node_modules/typescript/package.json'), '{"name":"typescript"}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a build newer than every source runs at once, without building', () => {
    at('src/cli/ops.ts', 1_000_000);
    at('tsconfig.build.json', 1_000_000);
    at('dist/src/cli/ops.js', 2_000_000);
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('cli ran with readiness --region 86\n');
    expect(existsSync(path.join(root, 'built.mark'))).toBe(false);
  });

  it('a source newer than the build (or no build) builds first, then runs', () => {
    at('dist/src/cli/ops.js', 1_000_000);
    at('src/cli/ops.ts', 2_000_000);
    const result = run();
    expect(result.stderr).toContain('ops: the sources changed since the last build: building (tsc)');
    expect(existsSync(path.join(root, 'built.mark'))).toBe(true);
    expect(result.stdout).toBe('cli ran with readiness --region 86\n');
  });
});

describe('npm run ops without DATABASE_URL, while the demo runs', () => {
  let parent: string;
  let demo: EmbeddedPostgresChild | undefined;
  let port: number;
  beforeAll(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'elg-ops-demo-'));
    chmodSync(parent, 0o755);
    port = await freePort();
    // The demo's embedded PostgreSQL as `npm start` leaves it: running, migrated, config/ loaded.
    demo = await startEmbeddedPostgresInChild({ dataDir: path.join(parent, 'data'), port });
    const ds = createDataSource({ url: demo.url, poolMax: 1 });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await applyBootstrapConfig(ds, await readBootstrapConfig(fromRoot('config')));
    await ds.destroy();
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('uses the demo’s database, says so on stderr, and leaves the server running', async () => {
    const { code, out, err } = await opsWithoutDatabaseUrl(
      ['set-cutover', '--region', '86', '--date', '2027-01-10', '--mode', 'announce', '--reason', 'перенос'],
      { dataDir: path.join(parent, 'data'), port },
    );
    expect({ code, err }).toEqual({
      code: 0,
      err: expect.stringContaining(`using the demo's embedded PostgreSQL on 127.0.0.1:${port}`),
    });
    expect(out).toContain('86');
    const client = new Client({ connectionString: demo!.url });
    await client.connect();
    const rows = (
      await client.query(
        `SELECT mode, to_char(cutover_date, 'YYYY-MM-DD') AS date FROM policies WHERE tenant_id = '86' ORDER BY version DESC LIMIT 1`,
      )
    ).rows;
    await client.end();
    expect(rows).toEqual([{ mode: 'announce', date: '2027-01-10' }]);
  });
});

describe('npm run ops without DATABASE_URL, while the demo is stopped', () => {
  let parent: string;
  let port: number;
  beforeAll(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'elg-ops-stopped-'));
    chmodSync(parent, 0o755);
    port = await freePort();
    // The demo's data folder as a stopped `npm start` leaves it: initialised, migrated, config/ loaded, no server.
    const demo = await startEmbeddedPostgresInChild({ dataDir: path.join(parent, 'data'), port });
    const ds = createDataSource({ url: demo.url, poolMax: 1 });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await applyBootstrapConfig(ds, await readBootstrapConfig(fromRoot('config')));
    await ds.destroy();
    await demo.stop();
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('starts the demo’s database for the command, says so, answers, and stops it again', async () => {
    const { code, out, err } = await opsWithoutDatabaseUrl(['readiness', '--region', '86'], {
      dataDir: path.join(parent, 'data'),
      port,
    });
    expect({ code, err }).toEqual({
      code: 0,
      err: expect.stringContaining(
        "DATABASE_URL is not set and npm start is not running: starting the demo's embedded PostgreSQL",
      ),
    });
    // The readiness of region 86 (an unknown region would be "no such region", exit 1): a header and 14 days.
    const lines = out.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^day,/);
    expect(lines).toHaveLength(15);
    // Started for this command only: nothing listens on the demo's port afterwards (a TCP connect, not a login,
    // so that a running server with a password would not pass as stopped).
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
