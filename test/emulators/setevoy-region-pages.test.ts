import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../../src/core/clock';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';

const SECRET = 'vendor-api-secret-for-tests';
const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));

/** What the fake gateway saw, with the signature checked the way docs/vendor-api.md describes it. */
interface Seen {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  signatureValid: boolean;
  headers: IncomingMessage['headers'];
}

/** A tiny stand-in for the gateway's vendor API: verifies the HMAC independently and answers what a test sets. */
class FakeGateway {
  seen: Seen[] = [];
  answer: (seen: Seen) => { status: number; body?: unknown } = () => ({ status: 404 });
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const h = req.headers;
        const canonical = [
          req.method,
          req.url,
          h['x-elg-timestamp'],
          h['x-elg-nonce'],
          createHash('sha256').update(raw).digest('hex'),
        ].join('\n');
        const expected = createHmac('sha256', SECRET).update(canonical).digest('base64url');
        const seen: Seen = {
          method: req.method!,
          path: req.url!,
          body: raw ? (JSON.parse(raw) as Record<string, unknown>) : null,
          signatureValid: h['x-elg-signature'] === expected && h['x-elg-key-id'] === 'setevoy-38-key',
          headers: h,
        };
        this.seen.push(seen);
        const { status, body } = seen.signatureValid
          ? this.answer(seen)
          : { status: 401, body: { error: { code: 'signature_invalid' } } };
        res
          .writeHead(status, { 'Content-Type': 'application/json' })
          .end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

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
let gateway: FakeGateway;
let emulator: SetevoyEmulator;

beforeAll(async () => {
  gateway = new FakeGateway();
  await gateway.start();
  emulator = await startSetevoyRegionEmulator({
    clock,
    gateway: { url: gateway.url, instanceId: 'setevoy-38', keyId: 'setevoy-38-key', secret: SECRET },
  });
});
afterAll(async () => {
  await emulator.close();
  await gateway.close();
});
beforeEach(() => {
  gateway.seen = [];
});

async function signedInAs(login: string, password: string, school = SCHOOL_3802): Promise<Browser> {
  const browser = new Browser(emulator.url);
  const page = await browser.go(school);
  const form = Object.fromEntries(new URLSearchParams(school.slice(2)));
  const res = await browser.go('/', { ...form, csrf: browser.csrf(page.text), UN: login, password });
  expect(res).toMatchObject({ status: 303, location: '/app' });
  return browser;
}

describe('the sign-in page', () => {
  it('is a strict-CSP page for phones with no script or inline style', async () => {
    const page = await new Browser(emulator.url).go('/');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
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

  it('offers «Войти через Госуслуги» pointing at the gateway for this instance', async () => {
    const page = await new Browser(emulator.url).go('/');
    expect(page.text).toContain(`href="${gateway.url}/login/esia?instance=setevoy-38"`);
    expect(page.text).toContain('Войти через Госуслуги');
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

describe('linking from «Персональные настройки»', () => {
  it('settings → «Привязать…» → the notice → «Продолжить» asks the gateway for a signed link ticket and redirects to linkUrl', async () => {
    const browser = await signedInAs('ivanov.ma', 'Maxim-2011');
    const settings = await browser.go('/app/settings');
    expect(settings.text).toContain('Персональные настройки');
    expect(settings.text).toContain('href="/app/settings/esia-link"');
    expect(settings.text).toContain('Привязать учетную запись портала Госуслуг');
    const notice = await browser.go('/app/settings/esia-link');
    expect(notice.text).toContain(
      'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
    );
    expect(notice.text).toContain('Продолжить');

    gateway.answer = () => ({
      status: 201,
      body: { ticket: 't', linkUrl: `${gateway.url}/link?ticket=t`, expiresAt: '2026-11-22T03:05:00Z' },
    });
    const go = await browser.go('/app/settings/esia-link', { csrf: browser.csrf(notice.text) });
    expect(go).toMatchObject({ status: 303, location: `${gateway.url}/link?ticket=t` });
    expect(gateway.seen).toHaveLength(1);
    const [call] = gateway.seen;
    expect(call).toMatchObject({ method: 'POST', path: '/api/vendor/v1/link-tickets', signatureValid: true });
    expect(call!.body).toEqual({
      userId: '734002',
      returnUrl: `${emulator.url}/app/settings/esia-linked`,
      // The emulator showed «Сейчас вы будете перенаправлены…» itself: the gateway need not repeat it.
      noticeShown: true,
    });
    expect(call!.headers['x-elg-timestamp']).toBe(String(clock.now().getTime() / 1000));
    expect(call!.headers['x-elg-nonce']).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(notice.headers.get('content-security-policy')).toContain(`form-action 'self' ${gateway.url}`);
  });

  it('says the linking service is unavailable when the gateway refuses or fails, and stays on the diary', async () => {
    const browser = await signedInAs('ivanov.ma', 'Maxim-2011');
    const notice = await browser.go('/app/settings/esia-link');
    gateway.answer = () => ({ status: 500 });
    const res = await browser.go('/app/settings/esia-link', { csrf: browser.csrf(notice.text) });
    expect(res.status).toBe(502);
    expect(res.text).toContain('Сервис привязки учетных записей сейчас недоступен');
  });

  it('the return page asks the gateway (signed) whether the account is now linked', async () => {
    const browser = await signedInAs('ivanov.ma', 'Maxim-2011');
    gateway.answer = () => ({
      status: 200,
      body: { linked: true, linkedAt: '2026-11-22T03:01:00Z', method: 'settings-page' },
    });
    const page = await browser.go('/app/settings/esia-linked');
    expect(page.text).toContain('Учетная запись привязана');
    expect(gateway.seen[0]).toMatchObject({
      method: 'GET',
      path: '/api/vendor/v1/links/setevoy-38/734002',
      signatureValid: true,
      body: null,
    });
    gateway.answer = () => ({ status: 200, body: { linked: false, linkedAt: null, method: null } });
    expect((await browser.go('/app/settings/esia-linked')).text).toContain('Привязка не завершена');
  });

  it('sends a browser that is not signed in to the sign-in page', async () => {
    expect(await new Browser(emulator.url).go('/app/settings')).toMatchObject({ status: 303, location: '/' });
  });
});

describe('the SSO landing /sso/esia', () => {
  it('exchanges the one-time code (signed) and signs the browser in with the organization and role it names', async () => {
    gateway.answer = (seen) =>
      seen.body?.code === 'one-time-code'
        ? { status: 200, body: { userId: '734005', organizationId: '3803', role: 'teacher' } }
        : { status: 400 };
    const browser = new Browser(emulator.url);
    const landing = await browser.go('/sso/esia?code=one-time-code');
    expect(landing).toMatchObject({ status: 303, location: '/app' });
    expect(gateway.seen[0]).toMatchObject({
      method: 'POST',
      path: '/api/vendor/v1/sso/exchange',
      signatureValid: true,
    });
    const home = await browser.go('/app');
    expect(home.text).toContain('Вы вошли через Госуслуги');
    expect(home.text).toContain('МБОУ г. Иркутска СОШ № 110');
    expect(home.text).toContain('Учитель');
  });

  it('refuses a code the gateway does not accept, without signing anyone in', async () => {
    gateway.answer = () => ({ status: 400, body: { error: { code: 'code_invalid' } } });
    const browser = new Browser(emulator.url);
    const landing = await browser.go('/sso/esia?code=used-code');
    expect(landing.status).toBe(401);
    expect(landing.text).toContain('Не удалось войти через Госуслуги');
    expect((await browser.go('/app')).status).toBe(303);
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
