import { readFileSync } from 'node:fs';
import pino from 'pino';
import request from 'supertest';
import { createDiaryAdapter } from '../../adapters/registry';
import { startEljurEmulator, type EljurEmulator } from '../../emulators/diary-api/diary-api-emulator.server';
import { fromRoot } from '../../src/paths';
import { ActiveUsersReporter } from '../../src/services/active-users-reporter';
import { OperatorsRepository } from '../../src/store/operators.repository';
import { createCutoverHarness, type CutoverHarness } from '../support/cutover-harness';
import { runOpsCli } from '../support/ops-cli';
import { visibleText } from '../support/visible-text';

jest.setTimeout(60_000);

/**
 * Issue 19: «доля активных пользователей с привязкой» when a diary reports its active users. The reference
 * diary (eljur-39 of config/instances.json, the published diary API over real HTTP) says how many accounts
 * used it in 30 days; the gateway keeps the answer in PostgreSQL and the readiness shows the share of them
 * linked on the console's pages, in the CSV and in `npm run ops -- readiness`. A region whose diaries do not
 * report it reads «дневник не сообщает». The expected figures come from the emulator's fixture file, not from
 * the code under test: every account not locked is active there.
 */
const CSRF = 'test-csrf-token-0123456789';
const fixture = JSON.parse(readFileSync(fromRoot('emulators/fixtures/diary-api.json'), 'utf8')) as {
  accounts: Array<{ locked?: boolean }>;
};
const ACTIVE = fixture.accounts.filter((a) => !a.locked).length; // 6 in the fixture
const LINKED = 3;

let h: CutoverHarness;
let emulator: EljurEmulator;
let cookie: string;

beforeAll(async () => {
  [h, emulator] = await Promise.all([
    createCutoverHarness({ env: { PUBLIC_URL: 'http://127.0.0.1:3000' }, at: new Date().toISOString() }),
    startEljurEmulator({ port: 0 }),
  ]);
  const instances = JSON.parse(readFileSync(fromRoot('config/instances.json'), 'utf8')) as Array<{
    id: string;
    adapterKind: string;
    settings: unknown;
  }>;
  const eljur = instances.find((i) => i.id === 'eljur-39')!;
  const adapter = createDiaryAdapter(eljur.adapterKind, eljur.settings, {
    instanceId: eljur.id,
    baseUrl: emulator.url,
    secret: undefined,
    logger: pino({ level: 'silent' }),
    clock: h.clock,
    timeoutMs: 2000,
  });
  const reporter = new ActiveUsersReporter({
    dataSource: h.db.dataSource,
    diaries: { all: () => [{ id: eljur.id, adapter } as never] },
    clock: h.clock,
    logger: pino({ level: 'silent' }),
  });
  expect(await reporter.runOnce()).toBe(1);
  for (let i = 0; i < LINKED; i++)
    await h.db.dataSource.query(
      `INSERT INTO links (esia_issuer, esia_oid, instance_id, legacy_user_id, method, linked_at)
       VALUES ('http://esia.gosuslugi.ru/', $1, 'eljur-39', $2, 'settings-page', $3)`,
      [`oid-${i}`, `3900${i + 1}`, new Date(h.clock.now().getTime() - 3_600_000)],
    );
  await new OperatorsRepository(h.db.dataSource).grant(
    { esiaOid: '3900', displayName: 'Калинина К. К.', role: 'viewer', tenantIds: ['39', '86'] },
    { actor: 'test' },
  );
  cookie = await h.operatorSession('3900', CSRF);
});

afterAll(async () => {
  await emulator?.close();
  await h?.close();
});

describe('the share of a diary’s active users linked', () => {
  it('the region page and the readiness page show it with its base; a region whose diaries do not report it says so', async () => {
    const expected = `Доля активных пользователей с привязкой ${Math.round((LINKED / ACTIVE) * 100)} % из ${ACTIVE}`;
    for (const path of ['/ops/regions/39', '/ops/regions/39/readiness']) {
      const page = await request(h.app).get(path).set('Cookie', cookie).expect(200);
      expect({ path, has: visibleText(page.text).includes(expected) }).toEqual({ path, has: true });
    }
    const other = await request(h.app).get('/ops/regions/86').set('Cookie', cookie).expect(200);
    expect(visibleText(other.text)).toContain('Доля активных пользователей с привязкой дневник не сообщает');
  });

  it('the CSV has the active users and the share on today’s row, empty where no diary reported', async () => {
    const csv = await request(h.app).get('/ops/regions/39/readiness.csv').set('Cookie', cookie).expect(200);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]!.split(',').slice(-2)).toEqual(['active_users', 'active_users_linked_share']);
    expect(rows.at(-1)!.split(',').slice(-2)).toEqual([String(ACTIVE), (LINKED / ACTIVE).toFixed(4)]);
    expect(rows.at(-2)!.split(',').slice(-2)).toEqual(['', '']);
  });

  it('`npm run ops -- readiness` prints the same figures', async () => {
    const { code, out } = await runOpsCli(['readiness', '--region', '39', '--days', '2'], {
      DATABASE_URL: h.db.url,
    });
    expect(code).toBe(0);
    const rows = out.trim().split('\n');
    expect(rows.at(-1)!.trim().split(',').slice(-2)).toEqual([String(ACTIVE), (LINKED / ACTIVE).toFixed(4)]);
  });
});
