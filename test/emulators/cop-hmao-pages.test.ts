import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';

const NOW = new Date('2026-11-22T07:00:00Z');
/** A gateway address where nothing listens: the pages must still work, and say so where they need it. */
const SILENT_GATEWAY = 'http://127.0.0.1:9';

describe('ЦОП ХМАО-Югры emulator: pages (the sign-in itself: cop-hmao-oidc.test.ts)', () => {
  let cop: CopHmaoEmulator;

  beforeAll(async () => {
    cop = await startCopHmaoEmulator({
      port: 0,
      clock: { now: () => NOW },
      gateway: { url: SILENT_GATEWAY, instanceId: 'cop-86', oidc: { clientSecret: 'not-used-here' } },
    });
  });
  afterAll(() => cop.close());

  const get = (path: string, cookie?: string) =>
    fetch(`${cop.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

  it('shows the landing page with «Войти через Госуслуги», which starts at the platform itself', async () => {
    const res = await get('/');
    const page = await res.text();
    expect(page).toContain('Цифровая образовательная платформа ХМАО-Югры');
    expect(page).toContain('<a class="button gosuslugi" href="/login/esia">Войти через Госуслуги</a>');
    expect(page).toContain('СНИЛС, гражданство, мобильный телефон');
  });

  it('serves pages a strict CSP allows and a phone can read: no inline script or style, a viewport', async () => {
    const res = await get('/staff/login');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Forms post to the platform and to the gateway («Выйти» goes on to the gateway's logout), nowhere else.
    expect(res.headers.get('content-security-policy')).toContain(`form-action 'self' ${SILENT_GATEWAY};`);
    for (const path of ['/', '/staff/login']) {
      const page = await (await get(path)).text();
      expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(page).toContain('name="viewport"');
      expect(page).toContain('href="/cop.css"');
    }
    expect((await get('/cop.css')).headers.get('content-type')).toContain('text/css');
  });

  it('«Войти через Госуслуги» says the service is unavailable when the gateway does not answer', async () => {
    const res = await get('/login/esia');
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('временно недоступен');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a callback this browser never asked for before the gateway is even asked', async () => {
    const res = await get('/oidc/callback?code=carried-code&state=carried-state');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
    );
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a back-channel logout without a valid logout token', async () => {
    const res = await fetch(`${cop.url}/oidc/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=not-a-jwt',
    });
    expect(res.status).toBe(400);
  });

  it('without a gateway the landing page says sign-in is not configured', async () => {
    const alone = await startCopHmaoEmulator({ port: 0 });
    try {
      const page = await (await fetch(`${alone.url}/`)).text();
      expect(page).not.toContain('href="/login/esia"');
      expect(page).toContain('Вход через Госуслуги не настроен');
      expect((await fetch(`${alone.url}/login/esia`, { redirect: 'manual' })).status).toBe(503);
    } finally {
      await alone.close();
    }
  });

  it('sends the journal back to the landing page without a session', async () => {
    const res = await get('/journal');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });
});
