import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { diaryAdapters } from '../../adapters/registry';
import { startEljurEmulator, type EljurEmulator } from '../../emulators/diary-api/diary-api-emulator.server';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { fromRoot } from '../../src/paths';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Issue 13's promise, shown on a diary nobody wrote code for: a fifth diary (a second copy of the reference
 * diary with a key of its own, standing in for any vendor that implements the published API) is added by a
 * config/ folder alone, and a production gateway builds it and talks to it. Nothing in src/ or adapters/ names
 * it or the demo's fourth diary.
 */
let db: TestDatabase;
let emulator: EljurEmulator;
let dir: string;
const key = { keyId: 'vk_school77_2026', secret: randomBytes(32).toString('base64url') };

beforeAll(async () => {
  [db, emulator] = await Promise.all([createTestDatabase(), startEljurEmulator({ port: 0, keys: [key] })]);
  dir = mkdtempSync(join(tmpdir(), 'config-'));
  copyFileSync(fromRoot('config/tenants.json'), join(dir, 'tenants.json'));
  writeFileSync(
    join(dir, 'instances.json'),
    JSON.stringify([
      {
        id: 'school-77',
        tenantId: '77',
        adapterKind: 'diary-api',
        baseUrl: emulator.url,
        displayName: 'Школьный дневник (Москва)',
        credentialsRef: 'SCHOOL_77_CREDENTIALS',
        settings: {
          apiPath: '/elg/v1',
          auth: { type: 'hmac', keyId: key.keyId },
          abilities: { passwordLogin: true, linkNotifications: true },
        },
        oidc: {
          redirectUris: [`${emulator.url}/oidc/callback`],
          tokenEndpointAuthMethod: 'client_secret_basic',
          clientSecretRef: 'SCHOOL_77_OIDC_SECRET',
        },
      },
    ]),
  );
});

afterAll(async () => {
  await emulator?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a diary added by configuration alone', () => {
  it('a production gateway loads it from config/, builds its adapter with the issued key, and the adapter works', async () => {
    const config = await readBootstrapConfig(dir, { adapterKinds: diaryAdapters.map((d) => d.kind) });
    await db.dataSource.query('UPDATE diary_instances SET enabled = false');
    await applyBootstrapConfig(db.dataSource, config);
    const diaries = await DiaryDirectory.load(db.dataSource, {
      env: { SCHOOL_77_CREDENTIALS: key.secret },
      logger: createLogger({ level: 'silent' }),
      clock: systemClock,
      timeoutMs: 2000,
      production: true,
    });
    const school = diaries.get('school-77');
    expect(school.client).toMatchObject({ redirectUris: [`${emulator.url}/oidc/callback`] });
    expect(school.adapter.capabilities).toMatchObject({ passwordLogin: true, snilsMatch: false });
    expect(await school.adapter.verifyPassword({ login: 'petrov.a', password: 'Eljur-Petrov1' })).toEqual({
      ok: true,
      userId: '39002',
    });
    const at = new Date('2026-12-07T09:00:00Z');
    expect(await school.adapter.markLinked({ linkId: 'link-77', userId: '39002', at })).toBe('done');
    expect(emulator.linkOf('39002')).toBe('link-77');
  });

  it('nothing under src/ or adapters/ names the fourth or the fifth diary', () => {
    const files = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const path = join(folder, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    const naming = [fromRoot('src'), fromRoot('adapters')]
      .flatMap(files)
      // The instances by their ids and port, not the platform's name: ЦОП ХМАО-Югры runs on ЭлЖур, so its own
      // adapter (adapters/cop-hmao, issue 22) names ЭлЖур's API, while the fourth diary, an ЭлЖур school of
      // region 39, comes in through the published diary API and configuration alone.
      .filter((file) => /eljur-39|school-77|4104/i.test(readFileSync(file, 'utf8')))
      .map((file) => relative(fromRoot('.'), file));
    expect(naming).toEqual([]);
  });
});
