import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setevoyRegion } from '../../adapters/setevoy-region';
import { diaryEmulators } from '../../emulators/diary-emulators';
import { FixedClock, type Clock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';

const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));

/** The gateway's «Сетевой Регион» adapter (instance setevoy-38, default settings) for the emulator at `baseUrl`. */
const adapterAt = (baseUrl: string, at: Clock = clock) =>
  setevoyRegion.create(setevoyRegion.configSchema.parse({}), {
    instanceId: 'setevoy-38',
    baseUrl,
    secret: undefined,
    logger: createLogger({ level: 'silent' }),
    clock: at,
    timeoutMs: 2000,
  });

/*
 * Issue 18: restarting the demo wiped «Сетевой Регион»'s link marks while the gateway (PostgreSQL) still had the
 * links, so «Персональные настройки» said "not linked" for a linked account. With a state file (npm start gives
 * .data/emulators/setevoy-38.json) the marks and the notices taken survive a restart, as the vendor's database
 * would keep them. Real HTTP (the adapter's signed link notices), a real file, the emulator started twice on it.
 */
describe('«Сетевой Регион» emulator: link marks survive a restart', () => {
  let dir: string;
  let emulator: SetevoyEmulator | undefined;
  const start = async () => {
    emulator = await startSetevoyRegionEmulator({ clock, stateFile: path.join(dir, 'setevoy-38.json') });
    return adapterAt(emulator.url);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'elg-setevoy-state-'));
    chmodSync(dir, 0o755);
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a mark set before the restart is there after it, and a late removal of an older link still leaves it', async () => {
    let adapter = await start();
    const at = clock.now();
    expect(await adapter.markLinked({ linkId: 'link-old', userId: '734004', at })).toBe('done');
    expect(await adapter.markLinked({ linkId: 'link-new', userId: '734004', at })).toBe('done');
    expect(await adapter.markLinked({ linkId: 'link-1', userId: '734001', at })).toBe('done');
    await emulator!.close();

    adapter = await start();
    expect(emulator!.linkOf('734004')).toBe('link-new');
    expect(emulator!.linkOf('734001')).toBe('link-1');
    expect(await adapter.unlink({ linkId: 'link-old', userId: '734004', at })).toBe('done');
    expect(emulator!.linkOf('734004')).toBe('link-new');
    expect(await adapter.unlink({ linkId: 'link-1', userId: '734001', at })).toBe('done');
    await emulator!.close();

    await start();
    expect(emulator!.linkOf('734004')).toBe('link-new');
    expect(emulator!.linkOf('734001')).toBeNull();
  });

  it('a notice repeated after the restart changes nothing (its Idempotency-Key was kept too)', async () => {
    let adapter = await start();
    const at = clock.now();
    expect(await adapter.markLinked({ linkId: 'link-a', userId: '734002', at })).toBe('done');
    expect(await adapter.unlink({ linkId: 'link-a', userId: '734002', at })).toBe('done');
    await emulator!.close();

    adapter = await start();
    // A repeat of the first notice (the outbox delivers at least once) must not mark the account again.
    expect(await adapter.markLinked({ linkId: 'link-a', userId: '734002', at })).toBe('done');
    expect(emulator!.linkOf('734002')).toBeNull();
    const saved = JSON.parse(readFileSync(path.join(dir, 'setevoy-38.json'), 'utf8')) as {
      noticeKeys: Array<[string, string]>;
    };
    expect(saved.noticeKeys.map(([key]) => key).sort()).toEqual(['created:link-a', 'removed:link-a']);
  });

  it('npm start gives it a state file: the demo starter keeps the marks in <stateDir>/setevoy-38.json', async () => {
    const started = await diaryEmulators['setevoy-region']!({
      host: '127.0.0.1',
      port: 0,
      gateway: { url: 'http://127.0.0.1:9', instanceId: 'setevoy-38' },
      stateDir: dir,
    });
    try {
      const adapter = adapterAt(started.url, { now: () => new Date() });
      expect(await adapter.markLinked({ linkId: 'link-demo', userId: '734004', at: new Date() })).toBe(
        'done',
      );
      const saved = JSON.parse(readFileSync(path.join(dir, 'setevoy-38.json'), 'utf8')) as {
        esiaLinks: Array<[number, { linkId: string }]>;
      };
      expect(saved.esiaLinks).toEqual([[734004, expect.objectContaining({ linkId: 'link-demo' })]]);
    } finally {
      await started.close();
    }
  });

  it('without a state file nothing is written and a restart starts empty', async () => {
    const first = await startSetevoyRegionEmulator({ clock });
    const adapter = adapterAt(first.url);
    expect(await adapter.markLinked({ linkId: 'link-x', userId: '734004', at: clock.now() })).toBe('done');
    expect(first.linkOf('734004')).toBe('link-x');
    await first.close();
    const second = await startSetevoyRegionEmulator({ clock });
    expect(second.linkOf('734004')).toBeNull();
    await second.close();
  });
});
