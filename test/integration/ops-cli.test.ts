import { fromRoot } from '../../src/paths';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { runOpsCli } from '../support/ops-cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(60_000);
let db: TestDatabase;

/** `npm run ops -- …` on the test's database, unless `env` says otherwise. */
const ops = (args: string[], env: Record<string, string> = {}) =>
  runOpsCli(args, { DATABASE_URL: db.url, ...env });

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
});

afterAll(async () => {
  await db?.drop();
});

/** The admin_audit rows of one target, oldest first. */
const auditOf = (target: string) =>
  db.dataSource.query(
    'SELECT actor, action, tenant_ids, before, after FROM admin_audit WHERE target = $1 ORDER BY id',
    [target],
  ) as Promise<Array<Record<string, unknown>>>;

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
    const state = { displayName: 'Иванова', role: 'editor', regions: ['86'] };
    expect(await auditOf('operator 1000')).toEqual([
      {
        actor: expect.stringMatching(/^cli:/),
        action: 'operator.granted',
        tenant_ids: ['86'],
        before: null,
        after: { ...state, active: true },
      },
      {
        actor: expect.stringMatching(/^cli:/),
        action: 'operator.revoked',
        tenant_ids: ['86'],
        before: { ...state, active: true },
        after: { ...state, active: false },
      },
    ]);
  });

  it('refuses regions that do not exist (grant-operator --regions 99,*), writing nothing', async () => {
    const [operator, token] = await Promise.all([
      ops(['grant-operator', '--oid', '3000', '--name', 'Сидоров', '--regions', '99,*']),
      ops(['issue-token', '--role', 'viewer', '--regions', '86,99']),
    ]);
    expect(operator).toMatchObject({
      code: 1,
      out: '',
      err: 'ops grant-operator: unknown region: "99", "*"\n',
    });
    expect(token).toMatchObject({ code: 1, out: '', err: 'ops issue-token: unknown region: "99"\n' });
    expect(await db.dataSource.query(`SELECT 1 FROM operators WHERE esia_oid = '3000'`)).toEqual([]);
    expect(await db.dataSource.query(`SELECT 1 FROM api_credentials WHERE '99' = ANY(tenant_ids)`)).toEqual(
      [],
    );
    expect(await auditOf('operator 3000')).toEqual([]);
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
    const tokenKeyId = secret.split('.')[0]!;
    const [, vendorKeyId, vendorSecret] = /key id: (\S+)\nsecret \(shown once, store it now\): (\S+)/.exec(
      key.out,
    )!;

    const [revokedToken, revokedKey] = await Promise.all([
      ops(['revoke-token', '--key-id', tokenKeyId]),
      ops(['revoke-vendor-key', '--key-id', vendorKeyId!]),
    ]);
    expect(revokedToken).toMatchObject({ code: 0, out: `token ${tokenKeyId} revoked\n` });
    expect(revokedKey).toMatchObject({ code: 0, out: `vendor key ${vendorKeyId} revoked\n` });
    expect((await auditOf(`operator-token ${tokenKeyId}`)).map((r) => [r.action, r.tenant_ids])).toEqual([
      ['operator-token.issued', ['38', '86']],
      ['operator-token.revoked', ['38', '86']],
    ]);
    expect(await auditOf(`vendor-key ${vendorKeyId}`)).toEqual([
      expect.objectContaining({
        action: 'vendor-key.issued',
        tenant_ids: ['86'],
        before: null,
        after: { instanceId: 'dnevnik-86', expiresAt: null, revoked: false },
      }),
      expect.objectContaining({ action: 'vendor-key.revoked', tenant_ids: ['86'] }),
    ]);
    // The audit names keys by their id and never holds a secret.
    const everything = JSON.stringify(await db.dataSource.query('SELECT * FROM admin_audit'));
    expect(everything).not.toContain(secret.split('.')[1]);
    expect(everything).not.toContain(vendorSecret);
  });

  it('`ops audit` prints the privileged changes newest first, one line each; --region narrows them', async () => {
    const [all, region38] = await Promise.all([
      ops(['audit']),
      ops(['audit', '--region', '38', '--limit', '500']),
    ]);
    expect(all.code).toBe(0);
    const lines = all.out.trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z {2}cli:\S+ {2}\S+\.\S+ {2}\S+ \S+ {2}.* → .*$/);
    expect(all.out).toMatch(
      /cli:\S+ {2}operator\.revoked {2}operator 1000 {2}\{.*"active":true.*\} → \{.*"active":false/,
    );
    const times = lines.map((l) => l.split('  ')[0]!);
    expect([...times].sort().reverse()).toEqual(times);
    expect(region38.code).toBe(0);
    expect(region38.out).toContain('region.created  region 38');
    expect(region38.out).toContain('operator-token.issued');
    expect(region38.out).not.toContain('operator 1000');
    expect(region38.out).not.toContain('region 86');
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

  it('`readiness --region 99` says in Russian that there is no such region, names the ones there are, with a precise code (exit 1)', async () => {
    const res = await ops(['readiness', '--region', '99']);
    expect(res).toMatchObject({ code: 1, out: '' });
    expect(res.err).toBe(
      'ops readiness: Региона с кодом «99» нет в настройках шлюза (config/tenants.json). ' +
        'Известные регионы: 38, 39, 41, 77, 86. Код: region_not_found\n',
    );
    const cutover = await ops(['set-cutover', '--region', '99', '--date', '2027-09-01', '--reason', 'x']);
    expect(cutover.code).toBe(1);
    expect(cutover.err).toContain('Код: region_not_found');
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

  it('`ops person erase` without a reason, or without whom, is wrong usage (exit 2); `person export --help` prints its usage', async () => {
    const [noReason, noWhom, help] = await Promise.all([
      ops(['person', 'erase', '--esia-oid', '1000300001']),
      ops(['person', 'export', '--reason', 'x']),
      ops(['person', 'export', '--help'], { DATABASE_URL: '' }),
    ]);
    expect(noReason).toMatchObject({ code: 2, out: '' });
    expect(noReason.err).toMatch(/^ops: --reason is required\n/);
    expect(noWhom.code).toBe(2);
    expect(noWhom.err).toMatch(
      /^ops: give --esia-oid <oid>, or --instance <diary instance> and --user <diary user id>\n/,
    );
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^usage: npm run ops -- person export --esia-oid <oid> \| --instance/);
    expect(await db.dataSource.query(`SELECT 1 FROM admin_audit WHERE action LIKE 'person.%'`)).toEqual([]);
  });

  it("`ops set-cutover --help` prints that command's usage on stdout and exits 0; nothing runs", async () => {
    const res = await ops(['set-cutover', '--region', '86', '--help'], { DATABASE_URL: '' });
    expect(res).toMatchObject({
      code: 0,
      err: '',
      out: 'usage: npm run ops -- set-cutover --region 86 --date YYYY-MM-DD [--mode off|announce|shadow|enforce] --reason <why>\n',
    });
  });
});
