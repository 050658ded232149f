import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fromRoot } from '../../src/paths';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(60_000);
let db: TestDatabase;

/** Runs `npm run ops -- …` as a real process (from source). */
function ops(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/cli/ops.ts', ...args], {
    cwd: join(__dirname, '../..'),
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      EMULATORS: 'false',
      DATABASE_URL: db.url,
      ...env,
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out, err })),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
});

afterAll(async () => {
  await db?.drop();
});

describe('ops CLI', () => {
  it('grants and revokes an operator', async () => {
    const granted = await ops([
      'grant-operator',
      '--oid',
      '1000',
      '--name',
      'Иванова',
      '--role',
      'editor',
      '--regions',
      '86',
    ]);
    expect(granted).toMatchObject({ code: 0, out: 'operator 1000 granted: editor of 86\n' });
    expect((await ops(['revoke-operator', '--oid', '1000'])).code).toBe(0);
    const again = await ops(['revoke-operator', '--oid', '1000']);
    expect(again.code).toBe(1);
    expect(again.err.trim().split('\n')).toHaveLength(1);
  });

  it('issues an operator token and a vendor key, printed once, stored hashed or sealed', async () => {
    const token = await ops(['issue-token', '--role', 'viewer', '--regions', '86,38']);
    expect(token.code).toBe(0);
    const secret = /token \(shown once, store it now\): (\S+)/.exec(token.out)![1]!;
    const [row] = await db.dataSource.query(
      `SELECT secret_hash, scopes FROM api_credentials WHERE kind = 'operator'`,
    );
    expect(row.scopes).toEqual(['viewer']);
    expect(JSON.stringify(row)).not.toContain(secret.split('.')[1]);
    const key = await ops(['issue-vendor-key', '--instance', 'dnevnik-86']);
    expect(key.code).toBe(0);
    expect(key.out).toMatch(/key id: vk_\S+\nsecret \(shown once, store it now\): \S+/);
  });

  it('sets a cutover (audited) and refuses an invalid one with a clear line', async () => {
    const set = await ops([
      'set-cutover',
      '--region',
      '86',
      '--date',
      '2026-09-01',
      '--mode',
      'enforce',
      '--reason',
      'приказ',
    ]);
    expect(set).toMatchObject({ code: 0, out: 'region 86: version 1, enforce, cutover 2026-09-01\n' });
    const [audit] = await db.dataSource.query('SELECT changed_by, reason FROM policy_changes');
    expect(audit.reason).toBe('приказ');
    expect(audit.changed_by).toMatch(/^cli:/);
    const bad = await ops(['set-cutover', '--region', '86', '--date', '2026-02-30', '--reason', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^ops set-cutover: cutoverDate: expected a date YYYY-MM-DD\n$/);
  });

  it('prints readiness as CSV', async () => {
    const res = await ops(['readiness', '--region', '86', '--days', '3']);
    expect(res.code).toBe(0);
    expect(res.out.trim().split('\n')).toHaveLength(4);
  });

  it('answers wrong usage with exit code 2 and the usage on stderr, nothing on stdout', async () => {
    const res = await ops(['launch-rockets']);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/^ops: unknown command launch-rockets\nusage: npm run ops/);
    expect(res.out).toBe('');
    expect((await ops(['grant-operator', '--oid', '1'])).code).toBe(2);
  });

  it.each([['--help'], ['help']])(
    '`ops %s` prints the usage of every command on stdout and exits 0, without a database',
    async (flag) => {
      const res = await ops([flag], { DATABASE_URL: '' });
      expect(res).toMatchObject({ code: 0, err: '' });
      expect(res.out).toMatch(/^usage: npm run ops -- <command> \[--flags\]\n/);
      for (const command of ['grant-operator', 'issue-vendor-key', 'set-cutover', 'readiness'])
        expect(res.out).toContain(`\n  ${command} `);
    },
  );

  it("`ops set-cutover --help` prints that command's usage on stdout and exits 0; nothing runs", async () => {
    const res = await ops(['set-cutover', '--region', '86', '--help'], { DATABASE_URL: '' });
    expect(res).toMatchObject({
      code: 0,
      err: '',
      out: 'usage: npm run ops -- set-cutover --region 86 --date YYYY-MM-DD [--mode off|announce|shadow|enforce] --reason <why>\n',
    });
  });
});
