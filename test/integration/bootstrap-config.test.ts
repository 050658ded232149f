import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applyBootstrapConfig,
  BootstrapConfigError,
  loadBootstrapConfig,
  readBootstrapConfig,
} from '../../src/store/bootstrap-config';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { OpsService } from '../../src/services/ops.service';
import { LogCapture } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SHIPPED = path.resolve(__dirname, '..', '..', 'config');
const logger = createLogger({ level: 'silent' });

let db: TestDatabase;
let scratch: string;

beforeAll(async () => {
  db = await createTestDatabase();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'elg-bootstrap-'));
});

afterAll(async () => {
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

const rows = (sql: string) => db.dataSource.query(sql);

test('the shipped files load; loading again changes nothing, not even updated_at', async () => {
  await loadBootstrapConfig(db.dataSource, SHIPPED, logger);
  const before = await rows(`SELECT * FROM tenants ORDER BY id`);
  const instancesBefore = await rows(`SELECT * FROM diary_instances ORDER BY id`);
  expect(before.map((t: { id: string }) => t.id)).toEqual(['38', '39', '41', '77', '86']);
  expect(instancesBefore.map((i: { id: string }) => i.id)).toEqual([
    'cop-86',
    'dnevnik-86',
    'eljur-39',
    'setevoy-38',
  ]);
  expect(before.find((t: { id: string }) => t.id === '41')).toMatchObject({ time_zone: 'Asia/Kamchatka' });

  const again = await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(SHIPPED));
  expect(again).toEqual({ tenantsChanged: 0, instancesChanged: 0 });
  expect(await rows(`SELECT * FROM tenants ORDER BY id`)).toEqual(before);
  expect(await rows(`SELECT * FROM diary_instances ORDER BY id`)).toEqual(instancesBefore);
});

test('a changed file updates the existing rows in place', async () => {
  const dir = path.join(scratch, 'changed');
  writeFiles(
    dir,
    [{ id: '86', name: 'Югра', timeZone: 'Asia/Yekaterinburg' }],
    [{ ...validInstance, displayName: 'Новое имя', enabled: false }],
  );
  await loadBootstrapConfig(db.dataSource, dir, logger);
  expect(await rows(`SELECT name FROM tenants WHERE id = '86'`)).toEqual([{ name: 'Югра' }]);
  expect(await rows(`SELECT display_name, enabled FROM diary_instances WHERE id = 'dnevnik-86'`)).toEqual([
    { display_name: 'Новое имя', enabled: false },
  ]);
});

test('each change the files make to an existing row is audited (before and after) and logged', async () => {
  const dir = path.join(scratch, 'audited');
  writeFiles(
    dir,
    [{ id: '86', name: 'ХМАО — Югра', timeZone: 'Asia/Yekaterinburg' }],
    [
      {
        ...validInstance,
        displayName: 'Дневник (новый адрес)',
        baseUrl: 'http://127.0.0.1:4111',
        enabled: false,
      },
    ],
  );
  const logs = new LogCapture();
  await loadBootstrapConfig(db.dataSource, dir, createLogger({ level: 'info', destination: logs }));
  const audit = await rows(
    `SELECT actor, action, target, tenant_ids, before, after FROM admin_audit
     WHERE action IN ('region.changed', 'instance.changed') ORDER BY id DESC LIMIT 2`,
  );
  expect(audit).toEqual([
    {
      actor: 'bootstrap (configuration files)',
      action: 'instance.changed',
      target: 'instance dnevnik-86',
      tenant_ids: ['86'],
      before: { baseUrl: 'http://127.0.0.1:4101', displayName: 'Новое имя' },
      after: { baseUrl: 'http://127.0.0.1:4111', displayName: 'Дневник (новый адрес)' },
    },
    {
      actor: 'bootstrap (configuration files)',
      action: 'region.changed',
      target: 'region 86',
      tenant_ids: ['86'],
      before: { name: 'Югра' },
      after: { name: 'ХМАО — Югра' },
    },
  ]);
  const changed = logs.lines.map((l) => JSON.parse(l)).filter((l) => /changed by/.test(l.msg));
  expect(changed).toEqual([
    expect.objectContaining({ level: 'warn', region: '86', fields: ['name'] }),
    expect.objectContaining({ level: 'warn', instance: 'dnevnik-86', fields: ['baseUrl', 'displayName'] }),
  ]);
});

test("the time zone an operator set is not put back at the next start: the file seeds a region's zone once", async () => {
  const ops = new OpsService(db.dataSource, systemClock, async () => undefined);
  const operator = { actor: 'Иванова (esia 1000)', role: 'editor' as const, tenantIds: ['41'] };
  await ops.apply(operator, '41', { timeZone: 'Asia/Magadan' }, 'часовой пояс по приказу');
  const logs = new LogCapture();
  await applyBootstrapConfig(
    db.dataSource,
    await readBootstrapConfig(SHIPPED),
    createLogger({ level: 'info', destination: logs }),
  );
  expect(await rows(`SELECT time_zone FROM tenants WHERE id = '41'`)).toEqual([
    { time_zone: 'Asia/Magadan' },
  ]);
  const kept = logs.lines.map((l) => JSON.parse(l)).find((l) => l.region === '41');
  expect(kept).toMatchObject({ level: 'warn', file: 'Asia/Kamchatka', kept: 'Asia/Magadan' });
  expect(
    await rows(`SELECT 1 FROM admin_audit WHERE target = 'region 41' AND action = 'region.changed'`),
  ).toEqual([]);
});

test('settings travel from instances.json into the diary_instances row; a secret-looking one is hidden in the audit', async () => {
  const dir = path.join(scratch, 'settings');
  const settings = { apiPrefix: '/v2', demoAccessToken: 'pasted-by-mistake-0123456789' };
  writeFiles(
    dir,
    [{ id: '86', name: 'ХМАО — Югра', timeZone: 'Asia/Yekaterinburg' }],
    [{ ...validInstance, settings }],
  );
  await loadBootstrapConfig(db.dataSource, dir, logger);
  expect(await rows(`SELECT settings FROM diary_instances WHERE id = 'dnevnik-86'`)).toEqual([{ settings }]);
  const [audit] = await rows(
    `SELECT before, after FROM admin_audit WHERE target = 'instance dnevnik-86' ORDER BY id DESC LIMIT 1`,
  );
  expect(audit.after.settings).toEqual({ apiPrefix: '/v2', demoAccessToken: '(hidden)' });
  expect(JSON.stringify(await rows('SELECT * FROM admin_audit'))).not.toContain('pasted-by-mistake');

  const again = await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(dir));
  expect(again).toEqual({ tenantsChanged: 0, instancesChanged: 0 });
});

test('settings that are not a JSON object are refused, naming the file and the path', async () => {
  const dir = path.join(scratch, 'bad-settings');
  writeFiles(
    dir,
    [{ id: '86', name: 'Югра', timeZone: 'Asia/Yekaterinburg' }],
    [{ ...validInstance, settings: [] }],
  );
  const error = (await readBootstrapConfig(dir).catch((e) => e)) as BootstrapConfigError;
  expect(error.problems).toEqual([
    expect.stringMatching(new RegExp(`^${escape(path.join(dir, 'instances.json'))}: \\[0\\]\\.settings: `)),
  ]);
});

test('bad files are refused with every problem at once, each naming its file and path', async () => {
  const dir = path.join(scratch, 'bad');
  writeFiles(
    dir,
    [
      { id: '86', name: 'Югра', timeZone: 'Asia/Yekaterinburgh' },
      { id: '86', name: '', timeZone: 'Europe/Moscow' },
    ],
    [
      { ...validInstance, tenantId: '99' },
      { ...validInstance, id: 'Bad Id', baseUrl: 'ftp://x', credentialsRef: 'lower', adapterKind: 'unknown' },
    ],
  );
  const error = await readBootstrapConfig(dir, { adapterKinds: ['dnevnik'] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BootstrapConfigError);
  const tenants = path.join(dir, 'tenants.json');
  const instances = path.join(dir, 'instances.json');
  expect((error as BootstrapConfigError).problems).toEqual([
    `${tenants}: [0].timeZone: expected an IANA time zone such as Asia/Yekaterinburg`,
    `${tenants}: [1].name: Too small: expected string to have >=1 characters`,
    `${instances}: [1].id: expected a lower-case slug such as "diary-86"`,
    `${instances}: [1].baseUrl: expected an http(s) URL`,
    `${instances}: [1].credentialsRef: expected the name of an environment variable`,
    `${tenants}: [1].id: "86" appears more than once`,
    `${instances}: [0].tenantId: "99" is not in ${tenants}`,
  ]);
  expect((error as BootstrapConfigError).message).toContain(`${instances}: [1].baseUrl`);
});

test('cross-file problems (unknown tenant, duplicate id, unknown adapter) are listed together', async () => {
  const dir = path.join(scratch, 'cross');
  writeFiles(
    dir,
    [{ id: '86', name: 'Югра', timeZone: 'Asia/Yekaterinburg' }],
    [
      { ...validInstance, tenantId: '99' },
      { ...validInstance, adapterKind: 'unknown' },
    ],
  );
  const error = (await readBootstrapConfig(dir, { adapterKinds: ['dnevnik'] }).catch(
    (e) => e,
  )) as BootstrapConfigError;
  const instances = path.join(dir, 'instances.json');
  expect(error.problems).toEqual([
    `${instances}: [1].id: "dnevnik-86" appears more than once`,
    `${instances}: [0].tenantId: "99" is not in ${path.join(dir, 'tenants.json')}`,
    `${instances}: [1].adapterKind: "unknown" is not one of dnevnik`,
  ]);
});

test('a file that is not JSON is named in the error', async () => {
  const dir = path.join(scratch, 'syntax');
  writeFiles(dir, [], []);
  writeFileSync(path.join(dir, 'tenants.json'), '[{"id": "86",');
  const error = (await readBootstrapConfig(dir).catch((e) => e)) as BootstrapConfigError;
  expect(error.problems).toHaveLength(1);
  expect(error.problems[0]).toMatch(new RegExp(`^${escape(path.join(dir, 'tenants.json'))}: .*JSON`));
});

const validInstance = {
  id: 'dnevnik-86',
  tenantId: '86',
  adapterKind: 'dnevnik',
  baseUrl: 'http://127.0.0.1:4101',
  displayName: 'Дневник',
  credentialsRef: 'DNEVNIK_86_CREDENTIALS',
};

function writeFiles(dir: string, tenants: unknown[], instances: unknown[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tenants.json'), JSON.stringify(tenants));
  writeFileSync(path.join(dir, 'instances.json'), JSON.stringify(instances));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
