import { DNEVNIK_DEMO_CREDENTIAL } from '../../adapters/dnevnik/dnevnik.config';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { applyBootstrapConfig, type InstanceConfig } from '../../src/store/bootstrap-config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const logger = createLogger({ level: 'silent' });
/** Дневник.ру's credential: the application's secret and the extension's (adapters/dnevnik/README.md). */
const REAL_DNEVNIK_CREDENTIAL = JSON.stringify({
  clientSecret: 'a-real-client-secret-1234',
  extensionSecret: 'a-real-extension-secret-0123456789abcdef',
});
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const instance = (
  id: string,
  tenantId: string,
  adapterKind: string,
  settings: Record<string, unknown> = {},
): InstanceConfig => ({
  id,
  tenantId,
  adapterKind,
  baseUrl: 'http://127.0.0.1:1',
  displayName: id,
  credentialsRef: `${id.replace(/-/g, '_').toUpperCase()}_CREDENTIALS`,
  enabled: true,
  settings,
});

/** Puts exactly these instances (as config/instances.json would) in the database; others are switched off. */
async function onlyInstances(...instances: InstanceConfig[]): Promise<void> {
  await db.dataSource.query('UPDATE diary_instances SET enabled = false');
  await applyBootstrapConfig(db.dataSource, {
    tenants: [
      { id: '86', name: 'Югра', timeZone: 'Asia/Yekaterinburg' },
      { id: '38', name: 'Иркутская область', timeZone: 'Asia/Irkutsk' },
    ],
    instances,
  });
}

const load = (env: Record<string, string>, production = false) =>
  DiaryDirectory.load(db.dataSource, { env, logger, clock: systemClock, timeoutMs: 1000, production });

/** The one-line error a load fails with. */
const failure = (loading: Promise<unknown>) =>
  loading.then(
    () => {
      throw new Error('expected the diary adapters to be refused');
    },
    (err: Error) => err.message,
  );

describe("per-instance settings reach the adapter's own schema", () => {
  it('a wrong value or an unknown key stops the load, naming every instance and key at once', async () => {
    await onlyInstances(
      instance('dnevnik-86', '86', 'dnevnik', { apiPrefix: 'v2' }),
      instance('setevoy-38', '38', 'setevoy-region', { regionld: 38 }),
      instance('cop-86', '86', 'cop-hmao', { apiPath: '/api/integration/v2' }),
    );
    const message = await failure(load({}));
    expect(message.split('; instance ')).toHaveLength(2);
    expect(message).toMatch(/^instance dnevnik-86: invalid dnevnik settings: apiPrefix: /);
    expect(message).toMatch(/; instance setevoy-38: invalid setevoy-region settings: .*"regionld"/);
    expect(message).not.toMatch(/\n/);
  });

  it('a valid value arrives: allowDemoCredentials false turns the missing credential into an error', async () => {
    await onlyInstances(instance('dnevnik-86', '86', 'dnevnik', { allowDemoCredentials: false }));
    expect(await failure(load({}))).toBe(
      'instance dnevnik-86: the Дневник.ру credential variable is not set',
    );
    const loaded = await load({ DNEVNIK_86_CREDENTIALS: REAL_DNEVNIK_CREDENTIAL });
    expect(loaded.all().map((i) => i.id)).toEqual(['dnevnik-86']);
  });
});

describe('in production no instance runs on a missing or demo credential', () => {
  beforeAll(async () => {
    await onlyInstances(
      instance('dnevnik-86', '86', 'dnevnik'),
      instance('setevoy-38', '38', 'setevoy-region'),
      instance('cop-86', '86', 'cop-hmao'),
    );
  });

  it('outside production the adapters fall back to their demo credentials (the demo)', async () => {
    expect((await load({})).all()).toHaveLength(3);
  });

  it('an unset credentialsRef variable stops the start, naming the instance and the variable', async () => {
    const message = await failure(load({ SETEVOY_38_CREDENTIALS: 'a-real-token-0123456789' }, true));
    expect(message).toBe(
      [
        'instance cop-86: COP_86_CREDENTIALS is not set: production refuses the demo credential the adapter would use',
        'instance dnevnik-86: DNEVNIK_86_CREDENTIALS is not set: production refuses the demo credential the adapter would use',
      ].join('; '),
    );
  });

  it('the public demo credential written into the variable stops the start too', async () => {
    const message = await failure(
      load(
        {
          DNEVNIK_86_CREDENTIALS: DNEVNIK_DEMO_CREDENTIAL,
          SETEVOY_38_CREDENTIALS: 'I--0ztYccWu-6BuUxYkK_OvOdLs8onAAd6Hwd3FzHmk',
          COP_86_CREDENTIALS: 'cop-86-demo-api-key',
        },
        true,
      ),
    );
    expect(message.split('; ')).toEqual([
      'instance cop-86: COP_86_CREDENTIALS holds a public demo credential of cop-hmao: production refuses it',
      'instance dnevnik-86: DNEVNIK_86_CREDENTIALS holds a public demo credential of dnevnik: production refuses it',
      'instance setevoy-38: SETEVOY_38_CREDENTIALS holds a public demo credential of setevoy-region: production refuses it',
    ]);
  });

  it('real credentials load every instance', async () => {
    const loaded = await load(
      {
        DNEVNIK_86_CREDENTIALS: REAL_DNEVNIK_CREDENTIAL,
        SETEVOY_38_CREDENTIALS: 'a-real-token-0123456789',
        COP_86_CREDENTIALS: 'a-real-api-key-0123456789',
      },
      true,
    );
    expect(loaded.all().map((i) => i.id)).toEqual(['cop-86', 'dnevnik-86', 'setevoy-38']);
  });
});
