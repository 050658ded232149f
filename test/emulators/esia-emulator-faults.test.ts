import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { demoClientSigner } from '../../emulators/esia/testing/demo-client.signer';
import {
  TestBrowser,
  authorizationUrl,
  signInAndDecide,
  tokenRequest,
} from '../../emulators/esia/testing/esia-test-client';

const REDIRECT = 'http://127.0.0.1:9/esia/callback';
const SCOPE = 'openid fullname';
const signer = demoClientSigner();
let emulator: EsiaEmulator;

beforeAll(async () => {
  emulator = await startEsiaEmulator({ redirectUris: [REDIRECT] });
});
afterAll(() => emulator.close());
afterEach(async () => {
  emulator.faults.reset();
  await emulator.listening();
});

async function code(): Promise<string> {
  const { url } = authorizationUrl(emulator.url, signer, { redirectUri: REDIRECT, scope: SCOPE });
  return (await signInAndDecide(emulator.url, new TestBrowser(), url, 'student-15')).searchParams.get(
    'code',
  )!;
}

async function tokens() {
  const result = await tokenRequest(emulator.url, signer, {
    code: await code(),
    scope: SCOPE,
    redirectUri: REDIRECT,
  });
  expect(result.status).toBe(200);
  return { id: String(result.body.id_token), access: String(result.body.access_token) };
}

function parts(token: string) {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>,
    verifies: (certificatePem: string) =>
      signer.verifyWithCertificate(
        certificatePem,
        Buffer.from(`${header}.${payload}`, 'ascii'),
        Buffer.from(signature!, 'base64url'),
      ),
  };
}

describe('token faults', () => {
  it('wrongSignature: tokens do not verify', async () => {
    emulator.faults.set({ wrongSignature: true });
    const { id } = await tokens();
    expect(parts(id).verifies(emulator.certificatesPem()[0]!)).toBe(false);
  });

  it('wrongIssuer: iss loses its trailing slash', async () => {
    emulator.faults.set({ wrongIssuer: true });
    const { id, access } = await tokens();
    expect(parts(id).payload.iss).toBe('http://esia.gosuslugi.ru');
    expect(parts(access).payload.iss).toBe('http://esia.gosuslugi.ru');
    expect(parts(id).verifies(emulator.certificatesPem()[0]!)).toBe(true);
  });

  it('wrongAudience: aud and client_id name another client', async () => {
    emulator.faults.set({ wrongAudience: true });
    const { id, access } = await tokens();
    expect(parts(id).payload.aud).not.toBe('ELG_DEMO');
    expect(parts(access).payload.client_id).not.toBe('ELG_DEMO');
  });

  it('expiredTokens and notYetValidTokens shift exp and nbf', async () => {
    const now = Date.now() / 1000;
    emulator.faults.set({ expiredTokens: true });
    expect(Number(parts((await tokens()).id).payload.exp)).toBeLessThan(now);
    emulator.faults.set({ expiredTokens: false, notYetValidTokens: true });
    expect(Number(parts((await tokens()).id).payload.nbf)).toBeGreaterThan(now + 600);
  });

  it('algNone: tokens carry alg none and no signature', async () => {
    emulator.faults.set({ algNone: true });
    const { id } = await tokens();
    expect(parts(id).header.alg).toBe('none');
    expect(id.endsWith('.')).toBe(true);
  });
});

describe('protocol faults', () => {
  it('allowReplayedCodes: the same code is exchanged twice', async () => {
    emulator.faults.set({ allowReplayedCodes: true });
    const once = await code();
    for (let i = 0; i < 2; i += 1) {
      expect(
        (await tokenRequest(emulator.url, signer, { code: once, scope: SCOPE, redirectUri: REDIRECT }))
          .status,
      ).toBe(200);
    }
  });

  it('delayMs: answers come late', async () => {
    emulator.faults.set({ delayMs: 300 });
    const started = Date.now();
    await fetch(`${emulator.url}/rs/prns/1`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('serverError: every protocol endpoint answers the 5xx', async () => {
    emulator.faults.set({ serverError: 503 });
    expect((await fetch(`${emulator.url}/aas/oauth2/v2/ac`)).status).toBe(503);
    expect((await fetch(`${emulator.url}/aas/oauth2/v3/te`, { method: 'POST' })).status).toBe(503);
  });

  it('esiaError at authorization: a checked v2/ac request is sent back with that code and its state', async () => {
    emulator.faults.set({ esiaError: { code: '007060', at: 'authorization' } });
    const { url, state } = authorizationUrl(emulator.url, signer, { redirectUri: REDIRECT, scope: SCOPE });
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      error: 'invalid_request',
      error_description: 'ESIA-007060: The roles parameter of the request is wrong',
      state,
    });
  });

  it('esiaError at token: v3/te answers the code (401 for invalid_client) and the code stays usable', async () => {
    const fresh = await code();
    emulator.faults.set({ esiaError: { code: '008010', at: 'token' } });
    const refused = await tokenRequest(emulator.url, signer, {
      code: fresh,
      scope: SCOPE,
      redirectUri: REDIRECT,
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      error: 'invalid_client',
      error_description: 'ESIA-008010: The client system could not be authenticated',
      state: refused.state,
    });
    emulator.faults.set({ esiaError: null });
    const redeemed = await tokenRequest(emulator.url, signer, {
      code: fresh,
      scope: SCOPE,
      redirectUri: REDIRECT,
    });
    expect(redeemed.status).toBe(200);
  });

  it("down 'reset': connections are destroyed; down 'refuse': connections are refused, then served again", async () => {
    emulator.faults.set({ down: 'reset' });
    await expect(fetch(`${emulator.url}/rs/prns/1`)).rejects.toThrow();
    emulator.faults.set({ down: 'refuse' });
    const refused = await fetch(`${emulator.url}/rs/prns/1`).catch(
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    emulator.faults.set({ down: null });
    await emulator.listening();
    expect((await fetch(`${emulator.url}/rs/prns/1`)).status).toBe(401);
  });
});

describe('the /__emulator/faults admin endpoint', () => {
  it('reads, changes and resets the switches over HTTP, and is itself never faulted', async () => {
    const put = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serverError: 502, wrongIssuer: true }),
    });
    expect(await put.json()).toMatchObject({ serverError: 502, wrongIssuer: true, wrongAudience: false });
    expect(emulator.faults.current.serverError).toBe(502);
    expect((await fetch(`${emulator.url}/rs/prns/1`)).status).toBe(502);
    expect((await fetch(`${emulator.url}/__emulator/faults`)).status).toBe(200);
    const bad = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"nonsense":1}',
    });
    expect(bad.status).toBe(400);
    expect(
      await (await fetch(`${emulator.url}/__emulator/faults`, { method: 'DELETE' })).json(),
    ).toMatchObject({ serverError: null, wrongIssuer: false });
  });
});

describe('key rotation', () => {
  it('signs with a new kid after rotation; old and new certificates are both offered', async () => {
    const [before] = emulator.certificatesPem();
    const oldToken = parts((await tokens()).id);
    const newKid = emulator.rotateKey();
    const newToken = parts((await tokens()).id);
    expect(newToken.header.kid).toBe(newKid);
    expect(newToken.header.kid).not.toBe(oldToken.header.kid);
    expect(newToken.verifies(before!)).toBe(false);
    const [active, previous] = emulator.certificatesPem();
    expect(previous).toBe(before);
    expect(newToken.verifies(active!)).toBe(true);
    expect(oldToken.verifies(previous!)).toBe(true);
    expect(emulator.certificatesPem({ includeUpcoming: true })).toHaveLength(3);
  });
});
