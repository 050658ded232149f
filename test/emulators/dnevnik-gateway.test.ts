import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { DnevnikTestBrowser } from '../../emulators/dnevnik/testing/dnevnik-browser';

const KEY_ID = 'dnevnik-86-key';
const SECRET = 'a-test-secret-of-the-instance';

/** One request the fake gateway received, after it checked the signature as docs/vendor-api.md says. */
interface Received {
  method: string;
  path: string;
  body: Record<string, unknown>;
  nonce: string;
}

/**
 * A fake gateway that knows only docs/vendor-api.md: it rebuilds the canonical string from what arrived and
 * refuses (401 signature_invalid) anything that does not verify, so the emulator's signing is checked from the
 * documentation, not from its own code.
 */
class FakeGateway {
  readonly received: Received[] = [];
  answers: Record<string, { status: number; body: unknown }> = {};
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req).then(({ status, body }) => {
          res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
        }),
    );
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const header = (name: string) => String(req.headers[name.toLowerCase()] ?? '');
    const timestamp = header('X-ELG-Timestamp');
    const nonce = header('X-ELG-Nonce');
    const canonical = [
      req.method,
      req.url,
      timestamp,
      nonce,
      createHash('sha256').update(raw).digest('hex'),
    ].join('\n');
    const expected = createHmac('sha256', SECRET).update(canonical).digest('base64url');
    if (header('X-ELG-Key-Id') !== KEY_ID) return { status: 401, body: { error: { code: 'unknown_key' } } };
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || header('X-ELG-Signature') !== expected)
      return { status: 401, body: { error: { code: 'signature_invalid' } } };
    if (Math.abs(Number(timestamp) - Date.now() / 1000) > 300)
      return { status: 401, body: { error: { code: 'timestamp_out_of_range' } } };
    this.received.push({ method: req.method!, path: req.url!, body: JSON.parse(raw || '{}'), nonce });
    return this.answers[req.url!] ?? { status: 404, body: { error: { code: 'not_found' } } };
  }
}

const gateway = new FakeGateway();
let emulator: DnevnikEmulator;

beforeAll(async () => {
  await gateway.start();
  emulator = await startDnevnikEmulator({
    gateway: { url: `${gateway.url}/`, instanceId: 'dnevnik-86', keyId: KEY_ID, secret: SECRET },
  });
});
afterAll(async () => {
  await emulator.close();
  await gateway.close();
});
beforeEach(() => {
  gateway.received.length = 0;
  gateway.answers = {};
});

describe('«Войти через Госуслуги» and the SSO hand-off', () => {
  it("leads «Войти через Госуслуги» to the gateway's ESIA sign-in for this instance", async () => {
    const page = await new DnevnikTestBrowser().get(`${emulator.url}/login`);
    expect(page.text).toContain(`href="${gateway.url}/login/esia?instance=dnevnik-86"`);
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${gateway.url}`);
  });

  it('exchanges the one-time code with a signed call and signs the user in', async () => {
    gateway.answers['/api/vendor/v1/sso/exchange'] = {
      status: 200,
      body: { userId: '1000000000000000108', organizationId: '1100000000000000110', role: 'teacher' },
    };
    const browser = new DnevnikTestBrowser();
    const landing = await browser.get(`${emulator.url}/sso/esia?code=one-time-code-123`);
    expect(landing).toMatchObject({ status: 303, location: '/userfeed' });
    expect(gateway.received).toEqual([
      expect.objectContaining({ method: 'POST', body: { code: 'one-time-code-123' } }),
    ]);
    const home = await browser.get(`${emulator.url}/userfeed`);
    expect(home.text).toContain('Соколова Марина Игоревна');
    expect(home.text).toContain('Вы вошли через портал госуслуг');
  });

  it('refuses a code the gateway does not accept, without signing anyone in', async () => {
    gateway.answers['/api/vendor/v1/sso/exchange'] = {
      status: 400,
      body: { error: { code: 'code_invalid' } },
    };
    const browser = new DnevnikTestBrowser();
    const landing = await browser.get(`${emulator.url}/sso/esia?code=used-or-expired-code`);
    expect(landing.status).toBe(401);
    expect(landing.text).toContain('Ссылка для входа недействительна или устарела');
    expect((await browser.get(`${emulator.url}/userfeed`)).status).toBe(303);
  });

  it('does not sign in a locked account even when the gateway names it', async () => {
    gateway.answers['/api/vendor/v1/sso/exchange'] = {
      status: 200,
      body: { userId: '1000000000000000121', organizationId: '1100000000000000110', role: 'staff' },
    };
    const landing = await new DnevnikTestBrowser().get(`${emulator.url}/sso/esia?code=code-of-locked-user`);
    expect(landing.status).toBe(403);
    expect(landing.text).toContain('Учётная запись заблокирована');
  });
});

describe('«Привязать учетную запись портала госуслуг»', () => {
  it('asks the gateway for a link ticket with a signed call and sends the browser to its linkUrl', async () => {
    const linkUrl = `${gateway.url}/link?ticket=t-123`;
    gateway.answers['/api/vendor/v1/link-tickets'] = {
      status: 201,
      body: { ticket: 't-123', linkUrl, expiresAt: '2026-11-22T09:05:00Z' },
    };
    const browser = new DnevnikTestBrowser();
    await browser.signIn(emulator.url, 'ivanova.elena', 'Dnevnik-Ivanova1');
    const settings = await browser.get(`${emulator.url}/settings`);
    const pressed = await browser.post(`${emulator.url}/settings/esia-link`, {
      csrf: DnevnikTestBrowser.csrf(settings),
    });
    expect(pressed).toMatchObject({ status: 303, location: linkUrl });
    expect(gateway.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/vendor/v1/link-tickets',
        body: { userId: '1000000000000000101', returnUrl: `${emulator.url}/settings/esia-linked` },
      }),
    ]);
  });

  it('uses a fresh nonce on every call (the gateway refuses replays)', async () => {
    gateway.answers['/api/vendor/v1/sso/exchange'] = { status: 400, body: {} };
    await new DnevnikTestBrowser().get(`${emulator.url}/sso/esia?code=first-code-1`);
    await new DnevnikTestBrowser().get(`${emulator.url}/sso/esia?code=second-code-2`);
    expect(gateway.received).toHaveLength(2);
    expect(gateway.received[0]!.nonce).not.toBe(gateway.received[1]!.nonce);
  });

  it('stays on «Личные настройки» with an explanation when the gateway refuses the ticket', async () => {
    gateway.answers['/api/vendor/v1/link-tickets'] = { status: 400, body: { error: { code: 'return_url' } } };
    const browser = new DnevnikTestBrowser();
    const home = await browser.signIn(emulator.url, 'karimov.rustam', 'Dnevnik-Karimov1');
    const pressed = await browser.post(`${emulator.url}/settings/esia-link`, {
      csrf: DnevnikTestBrowser.csrf(home),
    });
    expect(pressed.status).toBe(502);
    expect(pressed.text).toContain('Не удалось начать привязку');
  });

  it('greets the browser the gateway sends back with «Отлично!» and «Перейти в Дневник.ру»', async () => {
    const page = await new DnevnikTestBrowser().get(`${emulator.url}/settings/esia-linked`);
    expect(page.text).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
    expect(page.text).toMatch(/href="\/userfeed"[^>]*>Перейти в Дневник\.ру</);
  });
});

describe('when the gateway is unreachable', () => {
  it('says so on the SSO landing instead of failing with a server error', async () => {
    const offline = await startDnevnikEmulator({
      gateway: { url: 'http://127.0.0.1:9', instanceId: 'dnevnik-86', keyId: KEY_ID, secret: SECRET },
    });
    try {
      const landing = await new DnevnikTestBrowser().get(`${offline.url}/sso/esia?code=some-code-123`);
      expect(landing.status).toBe(502);
      expect(landing.text).toContain('Портал госуслуг сейчас не отвечает');
    } finally {
      await offline.close();
    }
  });
});
