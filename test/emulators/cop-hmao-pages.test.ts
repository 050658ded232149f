import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';

const SECRET = 'test-secret-of-cop-86';
const NOW = new Date('2026-11-22T07:00:00Z');

/**
 * A tiny stand-in for the gateway's vendor API that checks the HMAC exactly as docs/vendor-api.md describes it
 * (written from the document, not from the emulator's code) and answers the SSO exchange.
 */
function fakeGateway(answers: Record<string, object>) {
  const seen: Array<{ path: string; ok: boolean; timestamp: string; nonce: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const h = (name: string) => String(req.headers[name] ?? '');
      const canonical = [
        req.method,
        req.url,
        h('x-elg-timestamp'),
        h('x-elg-nonce'),
        createHash('sha256').update(raw).digest('hex'),
      ].join('\n');
      const expected = createHmac('sha256', SECRET).update(canonical).digest();
      const given = Buffer.from(h('x-elg-signature'), 'base64url');
      const ok =
        h('x-elg-key-id') === 'cop-86-key' &&
        /^[A-Za-z0-9_-]{16,64}$/.test(h('x-elg-nonce')) &&
        !h('x-elg-signature').includes('=') &&
        given.length === expected.length &&
        timingSafeEqual(given, expected);
      seen.push({ path: req.url ?? '', ok, timestamp: h('x-elg-timestamp'), nonce: h('x-elg-nonce') });
      const send = (status: number, body: object) =>
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (!ok) return send(401, { error: { code: 'signature_invalid', message: 'x', reference: 'r' } });
      const { code } = JSON.parse(raw.toString('utf8')) as { code: string };
      const answer = answers[code];
      if (!answer) return send(400, { error: { code: 'code_invalid', message: 'x', reference: 'r' } });
      delete answers[code];
      send(200, answer);
    });
  });
  return { server, seen };
}

describe('ЦОП ХМАО-Югры emulator: pages and the SSO hand-off', () => {
  let cop: CopHmaoEmulator;
  let gateway: ReturnType<typeof fakeGateway>;
  let gatewayUrl: string;

  beforeAll(async () => {
    gateway = fakeGateway({
      'code-parent-110': { userId: '1860000000000000101', organizationId: '8603010110', role: 'parent' },
      'code-teacher-110': { userId: '1860000000000000108', organizationId: '8603010110', role: 'teacher' },
      'code-blocked': { userId: '1860000000000000202', organizationId: '8603010074', role: 'student' },
    });
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
    cop = await startCopHmaoEmulator({
      port: 0,
      clock: { now: () => NOW },
      gateway: { url: gatewayUrl, instanceId: 'cop-86', keyId: 'cop-86-key', secret: SECRET },
    });
  });
  afterAll(async () => {
    await cop.close();
    await new Promise((resolve) => gateway.server.close(resolve));
  });

  const get = (path: string, cookie?: string) =>
    fetch(`${cop.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  const signIn = async (code: string) => {
    const res = await get(`/sso/esia?code=${code}`);
    return { res, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
  };

  it('shows the landing page with «Войти через Госуслуги» pointing at the gateway for this instance', async () => {
    const res = await get('/');
    const page = await res.text();
    expect(page).toContain('Цифровая образовательная платформа ХМАО-Югры');
    expect(page).toContain(`href="${gatewayUrl}/login/esia?instance=cop-86"`);
    expect(page).toContain('Войти через Госуслуги');
    expect(page).toContain('СНИЛС, гражданство, мобильный телефон');
  });

  it('serves pages a strict CSP allows and a phone can read: no inline script or style, a viewport', async () => {
    const res = await get('/staff/login');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const path of ['/', '/staff/login']) {
      const page = await (await get(path)).text();
      expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      expect(page).toContain('name="viewport"');
      expect(page).toContain('href="/cop.css"');
    }
    expect((await get('/cop.css')).headers.get('content-type')).toContain('text/css');
  });

  it('exchanges the code with a request signed as docs/vendor-api.md says, then opens «Электронный журнал»', async () => {
    const { res, cookie } = await signIn('code-parent-110');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/journal');
    const last = gateway.seen.at(-1)!;
    expect(last).toMatchObject({
      path: '/api/vendor/v1/sso/exchange',
      ok: true,
      timestamp: String(NOW.getTime() / 1000),
    });
    const journal = await (await get('/journal', cookie)).text();
    expect(journal).toContain('Электронный журнал');
    expect(journal).toContain('МБОУ «СОШ № 110»');
    expect(journal).toContain('Родитель (законный представитель)');
    expect(journal).toContain('Иванова София');
    expect(journal).not.toContain('Иванов Максим');
  });

  it("shows a teacher's journal for the organization and role the gateway chose", async () => {
    const { cookie } = await signIn('code-teacher-110');
    const journal = await (await get('/journal', cookie)).text();
    expect(journal).toContain('МБОУ «СОШ № 110»');
    expect(journal).toContain('Педагог');
    expect(journal).toContain('Учитель математики');
  });

  it('uses a fresh nonce for every exchange', async () => {
    await signIn('no-such-code');
    await signIn('no-such-code');
    const nonces = gateway.seen.map((s) => s.nonce);
    expect(nonces.length).toBeGreaterThanOrEqual(3);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('refuses a code the gateway does not accept, without signing anyone in', async () => {
    const { res } = await signIn('already-used');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Ссылка для входа устарела или уже использована');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('does not open a blocked account', async () => {
    const { res } = await signIn('code-blocked');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Учётная запись заблокирована');
  });

  it('says the sign-in service is unavailable when the gateway does not answer', async () => {
    const lonely = await startCopHmaoEmulator({
      port: 0,
      gateway: { url: 'http://127.0.0.1:9', instanceId: 'cop-86', keyId: 'k', secret: 's' },
    });
    try {
      const res = await fetch(`${lonely.url}/sso/esia?code=abc`, { redirect: 'manual' });
      expect(res.status).toBe(502);
      expect(await res.text()).toContain('временно недоступен');
    } finally {
      await lonely.close();
    }
  });

  it('sends the journal back to the landing page without a session', async () => {
    const res = await get('/journal');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });
});
