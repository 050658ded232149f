import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { standaloneOptions } from '../../emulators/dnevnik/standalone.settings';
import { DnevnikTestBrowser } from '../../emulators/dnevnik/testing/dnevnik-browser';
import { startPasswordSignInHarness, type PasswordSignInHarness } from '../support/password-sign-in-harness';
import { visibleText } from '../support/visible-text';

/*
 * `npm run emulator:dnevnik` beside a gateway (issue 18): the standalone diary's own password form must ask the
 * gateway's password-login decision, which needs the instance's vendor key. Here the options main.ts builds from
 * the environment start a second Дневник.ру emulator next to a real gateway (PostgreSQL, the vendor API with
 * the demo keys seeded, the cutover feature); after the cutover a 15-year-old's right password is refused.
 */
const NOW = new Date('2026-11-22T06:00:00Z');
const MAKSIM = { login: 'ivanov.maksim', password: 'Dnevnik-Maksim1' };
const SOFIA = { login: 'ivanova.sofia', password: 'Dnevnik-Sofia1' };

let h: PasswordSignInHarness;
let standalone: DnevnikEmulator | undefined;

beforeAll(async () => {
  h = await startPasswordSignInHarness(NOW);
  await h.setPolicy('86', { mode: 'enforce', cutoverDate: '2026-11-01' });
}, 60_000);
afterAll(async () => {
  await standalone?.close();
  await h?.close();
});

describe('the standalone Дневник.ру emulator asks the gateway before letting a password in', () => {
  it('signs its decision request with the demo vendor key when none is set, and obeys the refusal', async () => {
    const { options, sources } = standaloneOptions({
      DNEVNIK_EMULATOR_GATEWAY_URL: h.gatewayUrl,
      DNEVNIK_EMULATOR_PORT: '0',
    });
    expect(sources).toEqual({ oidcSecret: 'demo', vendorKey: 'demo' });
    standalone = await startDnevnikEmulator({ ...options, clock: h.clock });

    const refused = await new DnevnikTestBrowser().signIn(standalone.url, MAKSIM.login, MAKSIM.password);
    expect(refused.status).toBe(403);
    expect(visibleText(refused.text)).toContain('Вход по паролю');
    expect(visibleText(refused.text)).toContain('Госуслуг');

    // A 13-year-old may still use her password: the gateway allows, and the diary lets her in.
    const allowed = await new DnevnikTestBrowser().signIn(standalone.url, SOFIA.login, SOFIA.password);
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('<h1>Дневник</h1>');
  });

  it('takes the key from the environment, both parts or neither', () => {
    const base = { DNEVNIK_EMULATOR_GATEWAY_URL: h.gatewayUrl };
    const { options, sources } = standaloneOptions({
      ...base,
      DNEVNIK_EMULATOR_VENDOR_KEY_ID: 'ops-issued-key',
      DNEVNIK_EMULATOR_VENDOR_SECRET: 'a-secret-from-the-operator-0123456789',
    });
    expect(options.gateway?.vendorKey).toEqual({
      keyId: 'ops-issued-key',
      secret: 'a-secret-from-the-operator-0123456789',
    });
    expect(sources?.vendorKey).toBe('environment');
    expect(() => standaloneOptions({ ...base, DNEVNIK_EMULATOR_VENDOR_KEY_ID: 'half' })).toThrow(
      /both DNEVNIK_EMULATOR_VENDOR_KEY_ID and DNEVNIK_EMULATOR_VENDOR_SECRET/,
    );
  });

  it('without a gateway the diary checks passwords alone', () => {
    expect(standaloneOptions({ DNEVNIK_EMULATOR_PORT: '0' })).toEqual({
      options: { port: 0 },
      sources: null,
    });
  });
});
