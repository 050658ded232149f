import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { confirmGatewayLogout } from '../../support/diary-relying-party';
import { JourneyBrowser, csrfOf } from '../../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { TestRelyingParty, type RpRequest } from '../../support/test-relying-party';

/*
 * The provider's session («Остаться в системе»), prompt=login, max_age and logout, with openid-client as ЦОП
 * (private_key_jwt). Иванова Елена (parent-two-schools) is found by SNILS in two schools: she chooses in
 * «Вход в систему». ЦОП's back-channel logout goes to a receiver in this test instead of the emulator.
 */
const ELENA_AT_COP = '1860000000000000101';

/** A receiver of back-channel logout tokens: what a diary's /oidc/backchannel-logout is given. */
async function startLogoutReceiver(): Promise<{ url: string; tokens: string[]; server: Server }> {
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (req.method === 'POST' && token) tokens.push(token);
      res.statusCode = token ? 200 : 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/logout`, tokens, server };
}

describe('the provider session, prompt=login, max_age and logout (openid-client as ЦОП)', () => {
  let h: JourneyHarness;
  let cop: TestRelyingParty;
  let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;
  beforeAll(async () => {
    receiver = await startLogoutReceiver();
    h = await startJourneyHarness({
      registration: (id) => (id === 'cop-86' ? { backchannelLogoutUri: receiver.url } : {}),
    });
    cop = await TestRelyingParty.of(h, 'cop-86');
  });
  afterAll(async () => {
    await h?.close();
    receiver?.server.close();
  });

  /** The first step of `request` in `browser`: where the gateway sends it (ESIA, or straight back to ЦОП). */
  const firstStepOf = (browser: JourneyBrowser, request: RpRequest) =>
    browser.follow(request.url.href, { stopAt: (u) => u.origin !== h.gatewayUrl });

  /** Through ESIA and «Вход в систему» (the first school; «Остаться в системе» when `stay`); redeemed. */
  async function signIn(browser: JourneyBrowser, stay: boolean, extra: Record<string, string> = {}) {
    const request = await cop.request(extra);
    const chooser = await h.throughEsia(browser, request.url.href, 'parent-two-schools');
    expect(chooser.url).toMatch(/\/choose$/);
    const back = await browser.follow(chooser.url, {
      form: { _csrf: csrfOf(chooser), choice: '0', ...(stay ? { stay: '1' } : {}) },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    return cop.redeem(back.location!, request);
  }

  it('«Остаться в системе» signs the next request of the same diary in without ESIA, as the same account and school', async () => {
    const browser = new JourneyBrowser();
    const first = (await signIn(browser, true)).claims()!;
    const request = await cop.request();
    const step = await firstStepOf(browser, request);
    expect(step.location).toMatch(new RegExp(`^${h.cop.url}/oidc/callback\\?code=`));
    const again = (await cop.redeem(step.location!, request)).claims()!;
    expect(again).toMatchObject({ sub: ELENA_AT_COP, org: first['org'], role: 'parent', sid: first['sid'] });
    expect(again.auth_time).toBe(first.auth_time);
  });

  it('without «Остаться в системе» the next request of the same diary goes through ESIA again', async () => {
    const browser = new JourneyBrowser();
    await signIn(browser, false);
    const step = await firstStepOf(browser, await cop.request());
    expect(new URL(step.location!).origin).toBe(h.esia.url);
  });

  it.each([
    ['prompt=login', { prompt: 'login' }],
    ['max_age=0', { max_age: '0' }],
  ])('%s forces ESIA again although the provider session is kept', async (_what, extra) => {
    const browser = new JourneyBrowser();
    const before = (await signIn(browser, true)).claims()!;
    // Kept: a plain request goes straight back to the diary.
    expect((await firstStepOf(browser, await cop.request())).location).toMatch(/\/oidc\/callback\?code=/);
    const forced = await firstStepOf(browser, await cop.request(extra));
    expect(new URL(forced.location!).origin).toBe(h.esia.url);
    h.clock.advance(1000);
    const after = (await signIn(browser, true, extra)).claims()!;
    expect(after.auth_time).toBeGreaterThanOrEqual(before.auth_time!);
    expect(after.sub).toBe(ELENA_AT_COP);
  });

  it("RP-initiated logout at /oidc/session/end sends the diary's back-channel receiver a logout token for that sid, signed with the JWKS", async () => {
    const browser = new JourneyBrowser();
    const tokens = await signIn(browser, true);
    const sid = tokens.claims()!['sid'];
    const end = oidc.buildEndSessionUrl(cop.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: `${h.cop.url}/`,
    });
    expect(end.href.startsWith(`${h.gatewayUrl}/oidc/session/end?`)).toBe(true);
    const confirm = await browser.follow(end.href);
    expect(confirm.status).toBe(200);
    const already = receiver.tokens.length;
    const back = await confirmGatewayLogout(browser, confirm);
    expect(back.url).toBe(`${h.cop.url}/`);
    await until(() => receiver.tokens.length > already);

    const token = receiver.tokens.at(-1)!;
    const jwks = createRemoteJWKSet(new URL(cop.config.serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: `${h.gatewayUrl}/oidc`,
      audience: 'cop-86',
      typ: 'logout+jwt',
    });
    expect(payload['sid']).toBe(sid);
    expect(payload['events']).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(payload).not.toHaveProperty('nonce');
    expect(decodeJwt(token).sub).toBe(ELENA_AT_COP);

    // The session is over: the next request goes through ESIA.
    const step = await firstStepOf(browser, await cop.request());
    expect(new URL(step.location!).origin).toBe(h.esia.url);
  });
});

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() - started > ms) throw new Error('not reached in time');
}
