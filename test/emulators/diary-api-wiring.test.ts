import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createDiaryAdapter } from '../../adapters/registry';
import { demoGuide } from '../../emulators/demo-guide';
import { diaryEmulators } from '../../emulators/diary-emulators';
import { systemClock } from '../../src/core/clock';
import { fromRoot } from '../../src/paths';

interface Instance {
  id: string;
  adapterKind: string;
  baseUrl: string;
  enabled: boolean;
  settings?: Record<string, unknown>;
}
const instances = JSON.parse(readFileSync(fromRoot('config/instances.json'), 'utf8')) as Instance[];
const demo = (
  JSON.parse(readFileSync(fromRoot('config/demo-vendor-credentials.json'), 'utf8')) as {
    credentials: Array<{ instanceId: string }>;
  }
).credentials;

/**
 * What `npm start` does with the fourth diary (src/main.ts startDiaryEmulators: each enabled instance of
 * config/instances.json with a demo credential, whose adapter kind has an emulator, on its base URL's port),
 * here on a free port: the demo's own ports belong to whoever runs `npm start`.
 */
describe('the fourth diary in the demo wiring', () => {
  const eljur = instances.find((i) => i.id === 'eljur-39')!;

  it('npm start starts an emulator for every enabled instance of config/, each on its own port, the fourth among them', () => {
    const started = instances.filter(
      (i) => i.enabled && diaryEmulators[i.adapterKind] && demo.some((d) => d.instanceId === i.id),
    );
    expect(started.map((i) => i.id).sort()).toEqual(['cop-86', 'dnevnik-86', 'eljur-39', 'setevoy-38']);
    expect(new Set(started.map((i) => new URL(i.baseUrl).port)).size).toBe(4);
    expect(eljur).toMatchObject({ adapterKind: 'diary-api', baseUrl: 'http://127.0.0.1:4104' });
  });

  it('the start-up guide has its line: where to sign in, as whom, and the conformance command', () => {
    const guide = demoGuide('http://localhost:3000');
    expect(guide).toContain('ЭлЖур');
    expect(guide).toContain('http://127.0.0.1:4104/ — sign in as');
    expect(guide).toContain('fedorov.p / Eljur-Fedorov1');
    expect(guide).toContain('npm run conformance');
  });

  it('started as npm start starts it, it serves its pages and the API the adapter built from config/ reads', async () => {
    const emulator = await diaryEmulators['diary-api']!({
      host: '127.0.0.1',
      port: 0,
      gateway: { url: 'http://127.0.0.1:9', instanceId: 'eljur-39' },
    });
    try {
      const page = await fetch(`${emulator.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Войти через Госуслуги');
      const adapter = createDiaryAdapter('diary-api', eljur.settings, {
        instanceId: eljur.id,
        baseUrl: emulator.url,
        secret: undefined,
        logger: pino({ level: 'silent' }),
        clock: systemClock,
        timeoutMs: 2000,
      });
      expect(await adapter.getProfile('39001')).toMatchObject({ lastName: 'Федоров', roles: ['teacher'] });
    } finally {
      await emulator.close();
    }
  });
});
