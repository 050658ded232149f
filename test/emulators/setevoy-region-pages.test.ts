import { FixedClock } from '../../src/core/clock';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';

const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));
/** A gateway address where nothing listens: the pages must still work, and say so where they need it. */
const SILENT_GATEWAY = 'http://127.0.0.1:9';

/** A browser without JavaScript: one cookie jar, no redirects followed. */
class Browser {
  private cookie = '';
  constructor(private readonly base: string) {}
  async go(path: string, form?: Record<string, string>) {
    const res = await fetch(this.base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return {
      status: res.status,
      location: res.headers.get('location'),
      headers: res.headers,
      text: await res.text(),
    };
  }
  csrf(html: string): string {
    return /name="csrf" value="([0-9a-f]+)"/.exec(html)![1]!;
  }
}

const SCHOOL_3802 = '/?cid=2&sid=38&pid=102&cn=1021&sft=2&scid=3802';
let emulator: SetevoyEmulator;

beforeAll(async () => {
  emulator = await startSetevoyRegionEmulator({
    clock,
    gateway: { url: SILENT_GATEWAY, instanceId: 'setevoy-38', oidc: { clientSecret: 'not-used-here' } },
  });
});
afterAll(() => emulator.close());

async function signedInAs(
  login: string,
  password: string,
  school = SCHOOL_3802,
  on: SetevoyEmulator = emulator,
): Promise<Browser> {
  const browser = new Browser(on.url);
  const page = await browser.go(school);
  const form = Object.fromEntries(new URLSearchParams(school.slice(2)));
  const res = await browser.go('/', { ...form, csrf: browser.csrf(page.text), UN: login, password });
  expect(res).toMatchObject({ status: 303, location: '/app' });
  return browser;
}

describe('the sign-in page', () => {
  it('is a strict-CSP page for phones with no script or inline style; forms go only here and to the gateway', async () => {
    const page = await new Browser(emulator.url).go('/');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`form-action 'self' ${SILENT_GATEWAY};`);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('name="viewport"');
    expect(page.text).not.toMatch(/<script|style=/i);
  });

  it('fills the cascade one level per reload, and asks for user name and password only once a school is chosen', async () => {
    const browser = new Browser(emulator.url);
    const first = await browser.go('/');
    expect(first.text).toContain('Городской округ / Муниципальный район');
    expect(first.text).not.toContain('name="cn"');
    const second = await browser.go('/?cid=2&sid=38&pid=101');
    expect(second.text).toContain('Населённый пункт');
    expect(second.text).toContain('с. Большая Ока');
    expect(second.text).not.toContain('name="UN"');
    const last = await browser.go('/?cid=2&sid=38&pid=101&cn=1011&sft=2&scid=3801');
    expect(last.text).toContain('Тип ОО');
    expect(last.text).toContain('name="UN"');
  });

  it('offers «Войти через Госуслуги», which starts at the diary itself', async () => {
    const page = await new Browser(emulator.url).go('/');
    expect(page.text).toMatch(/<a class="button esia" href="\/login\/esia">Войти через Госуслуги<\/a>/);
  });

  it('signs in with a Cyrillic password and shows the real message on a wrong one', async () => {
    const browser = await signedInAs('sokolova.mi', 'Учитель-2026');
    expect((await browser.go('/app')).text).toContain('Здравствуйте, Соколова Марина Игоревна');
    const other = new Browser(emulator.url);
    const page = await other.go(SCHOOL_3802);
    const form = Object.fromEntries(new URLSearchParams(SCHOOL_3802.slice(2)));
    const wrong = await other.go('/', {
      ...form,
      csrf: other.csrf(page.text),
      UN: 'sokolova.mi',
      password: 'Учитель-2025',
    });
    expect(wrong.status).toBe(409);
    expect(wrong.text).toContain('Неправильный пароль или имя пользователя');
  });

  it('refuses a sign-in form without the session CSRF token', async () => {
    const browser = new Browser(emulator.url);
    await browser.go(SCHOOL_3802);
    const form = Object.fromEntries(new URLSearchParams(SCHOOL_3802.slice(2)));
    expect(
      (await browser.go('/', { ...form, csrf: 'forged', UN: 'ivanov.ma', password: 'Maxim-2011' })).status,
    ).toBe(403);
  });
});

describe('the gateway buttons when the gateway does not answer, or is not configured', () => {
  it('«Войти через Госуслуги» says the service is unavailable and signs nobody in', async () => {
    const browser = new Browser(emulator.url);
    const res = await browser.go('/login/esia');
    expect(res.status).toBe(502);
    expect(res.text).toContain('Сервис входа через Госуслуги сейчас недоступен');
    expect(await browser.go('/app')).toMatchObject({ status: 303, location: '/' });
  });

  it('a callback this browser never asked for is refused before the gateway is even asked', async () => {
    const browser = new Browser(emulator.url);
    const res = await browser.go('/oidc/callback?code=carried-code&state=carried-state');
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
    );
    expect(await browser.go('/app')).toMatchObject({ status: 303, location: '/' });
  });

  it('«Персональные настройки» has the link button (a form to the diary); pressed, it stays there and explains', async () => {
    const browser = await signedInAs('ivanov.ma', 'Maxim-2011');
    const settings = await browser.go('/app/settings');
    expect(settings.text).toContain('Персональные настройки');
    expect(settings.text).toMatch(
      /<form method="post" action="\/app\/settings\/esia-link">[\s\S]*Привязать учетную запись портала Госуслуг/,
    );
    expect(settings.text).not.toContain('Отвязать');
    const pressed = await browser.go('/app/settings/esia-link', { csrf: browser.csrf(settings.text) });
    expect(pressed.status).toBe(502);
    expect(pressed.text).toContain('Сервис привязки учетных записей сейчас недоступен');
    expect(pressed.text).toContain('<h1>Персональные настройки</h1>');
  });

  it('refuses the link button without the session CSRF token', async () => {
    const browser = await signedInAs('ivanov.ma', 'Maxim-2011');
    expect((await browser.go('/app/settings/esia-link', { csrf: 'forged' })).status).toBe(403);
  });

  it('without a gateway: no «Войти через Госуслуги», and the link button says linking is not set up', async () => {
    const alone = await startSetevoyRegionEmulator({ clock });
    try {
      const page = await new Browser(alone.url).go('/');
      expect(page.text).not.toContain('href="/login/esia"');
      expect(page.text).toContain('Вход через Госуслуги на этом стенде не настроен');
      const browser = await signedInAs('ivanov.ma', 'Maxim-2011', SCHOOL_3802, alone);
      const settings = await browser.go('/app/settings');
      const pressed = await browser.go('/app/settings/esia-link', { csrf: browser.csrf(settings.text) });
      expect(pressed.status).toBe(503);
      expect(pressed.text).toContain('Привязка к порталу Госуслуг на этом стенде не настроена');
    } finally {
      await alone.close();
    }
  });

  it('sends a browser that is not signed in to the sign-in page', async () => {
    expect(await new Browser(emulator.url).go('/app/settings')).toMatchObject({ status: 303, location: '/' });
  });
});

describe('setDown', () => {
  it('refuses connections while down and answers again on the same address when back up', async () => {
    await emulator.setDown(true);
    await expect(fetch(`${emulator.url}/webapi/logindata`)).rejects.toThrow();
    await emulator.setDown(false);
    expect((await fetch(`${emulator.url}/webapi/logindata`)).status).toBe(200);
  });
});
