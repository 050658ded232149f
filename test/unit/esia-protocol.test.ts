import type { DiscardedFact } from '../../src/core/discarded-fact';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../../src/core/clock';
import { clientSecret, secretText } from '../../src/esia/client-secret';
import { loadTrustedKeys } from '../../src/esia/esia-certificates';
import { errorFromEsiaAnswer, ESIA_ERROR_CODES } from '../../src/esia/esia-error-codes';
import { formatEsiaTimestamp } from '../../src/esia/esia-timestamp';
import {
  EsiaAccessRefusedError,
  EsiaAccountUnconfirmedError,
  EsiaProtocolError,
  EsiaScopeNotApprovedError,
  EsiaStateError,
  EsiaTokenInvalidError,
  EsiaUnavailableError,
} from '../../src/esia/esia.errors';
import type { EsiaSettings } from '../../src/esia/esia.settings';
import { EsiaPersonClient } from '../../src/esia/person-api.client';
import { createSigner, verifyGost } from '../../src/esia/signers';
import { exchangeCode } from '../../src/esia/token-exchange';
import { verifyEsiaTokens } from '../../src/esia/token-checks';

const KEYS = 'emulators/fixtures/keys';
const pem = (name: string) => readFileSync(name, 'utf8');
const der = (text: string) => Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const rsaKey = createPrivateKey({
  key: der(pem(`${KEYS}/esia-rsa-2026.key.pem`)),
  format: 'der',
  type: 'pkcs8',
});
const keys = loadTrustedKeys([pem(`${KEYS}/esia-rsa-2026.crt.pem`)]);
const settings = { issuer: 'http://esia.gosuslugi.ru/', clientId: 'ELG_DEMO', tokenAlg: 'RS256' as const };
const NOW = new Date('2026-03-01T10:00:00Z');
const t = NOW.getTime() / 1000;
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

function jwt(claims: object, header: object = { alg: 'RS256', typ: 'JWT' }): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${nodeSign('sha256', Buffer.from(input), rsaKey).toString('base64url')}`;
}
const idClaims = (over: object = {}) => ({
  iss: settings.issuer,
  aud: 'ELG_DEMO',
  sub: '42',
  iat: t,
  nbf: t,
  exp: t + 3600,
  'urn:esia:sbj': { 'urn:esia:sbj:oid': 42, 'urn:esia:sbj:lvl': 'PR', 'urn:esia:sbj:is_tru': true },
  ...over,
});
const accessClaims = (over: object = {}) => ({
  iss: settings.issuer,
  client_id: 'ELG_DEMO',
  'urn:esia:sbj_id': 42,
  scope: 'openid fullname?oid=42',
  iat: t,
  nbf: t,
  exp: t + 3600,
  ...over,
});
const check = (id: object, access: object = accessClaims(), header?: object) =>
  verifyEsiaTokens(
    { idToken: jwt(id, header), accessToken: jwt(access, header) },
    settings,
    keys,
    new FixedClock(NOW),
  );
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof EsiaTokenInvalidError ? `${e.token}:${e.problem}` : String(e);
  }
  return 'accepted';
};

describe('ESIA request parameters', () => {
  it('formats the timestamp by hand as yyyy.MM.dd HH:mm:ss Z in Moscow time', () => {
    expect(formatEsiaTimestamp(new Date('2025-09-02T10:00:29Z'))).toBe('2025.09.02 13:00:29 +0300');
    expect(formatEsiaTimestamp(new Date('2025-12-31T22:59:59Z'), 0)).toBe('2025.12.31 22:59:59 +0000');
  });

  it('signs client_id + scope + scope_org + timestamp + state + redirect_uri (+ code), unpadded base64url GOST', async () => {
    const parts = { clientId: 'C', scope: 'openid', timestamp: 'T', state: 'S', redirectUri: 'R', code: 'K' };
    expect(secretText(parts)).toBe('CopenidTSRK');
    const signer = await createSigner({
      kind: 'auto',
      keyPem: pem('config/dev-keys/client.key.pem'),
      certificatePem: pem('config/dev-keys/client.crt.pem'),
    });
    const secret = await clientSecret(signer, parts);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(
      verifyGost(
        Buffer.from('CopenidTSRK'),
        Buffer.from(secret, 'base64url'),
        pem('config/dev-keys/client.crt.pem'),
      ),
    ).toBe(true);
    await signer.close();
  });
});

describe('ESIA token checks', () => {
  it('accepts good tokens and reads oid, level and scopes', () => {
    const ok = check(idClaims());
    expect(ok).toMatchObject({ oid: '42', level: 'PR', trustedByToken: true });
    expect([...ok.scopes]).toEqual(['openid', 'fullname']);
  });
  it.each([
    ['alg none', () => check(idClaims(), accessClaims(), { alg: 'none' }), 'id_token:alg'],
    [
      'an algorithm other than the configured one',
      () => check(idClaims(), accessClaims(), { alg: 'GOST3410_2012_256' }),
      'id_token:alg',
    ],
    [
      'an issuer without the trailing slash',
      () => check(idClaims({ iss: 'http://esia.gosuslugi.ru' })),
      'id_token:issuer',
    ],
    ['an https issuer', () => check(idClaims({ iss: 'https://esia.gosuslugi.ru/' })), 'id_token:issuer'],
    ['an ID token for another client', () => check(idClaims({ aud: 'OTHER' })), 'id_token:audience'],
    [
      'an access token for another client',
      () => check(idClaims(), accessClaims({ client_id: 'OTHER' })),
      'access_token:audience',
    ],
    ['exp more than 60 s ago', () => check(idClaims({ exp: t - 61 })), 'id_token:expired'],
    ['nbf more than 60 s ahead', () => check(idClaims({ nbf: t + 61 })), 'id_token:not_yet_valid'],
    ['iat more than 60 s ahead', () => check(idClaims({ iat: t + 61, nbf: t })), 'id_token:issued_in_future'],
    ['no exp', () => check(idClaims({ exp: undefined })), 'id_token:malformed'],
    [
      'sub and urn:esia:sbj_id naming different people',
      () => check(idClaims(), accessClaims({ 'urn:esia:sbj_id': 43 })),
      'access_token:subject',
    ],
    [
      'sub and urn:esia:sbj:oid differing',
      () => check(idClaims({ 'urn:esia:sbj': { 'urn:esia:sbj:oid': 43 } })),
      'id_token:subject',
    ],
  ])('refuses %s', (_name, run, expected) => {
    expect(problem(run)).toBe(expected);
  });
  it('tolerates up to 60 s of clock skew', () => {
    expect(problem(() => check(idClaims({ exp: t - 59, nbf: t + 59, iat: t + 59 })))).toBe('accepted');
  });
  it('accepts an audience array that names the client', () => {
    expect(problem(() => check(idClaims({ aud: ['X', 'ELG_DEMO'] })))).toBe('accepted');
  });
  it('refuses a token whose signature was changed', () => {
    const id = jwt(idClaims());
    const tampered = id.slice(0, -4) + (id.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(
      problem(() =>
        verifyEsiaTokens(
          { idToken: tampered, accessToken: jwt(accessClaims()) },
          settings,
          keys,
          new FixedClock(NOW),
        ),
      ),
    ).toBe('id_token:signature');
  });
  it('reads a simplified account as level P, not confirmed', () => {
    expect(check(idClaims({ 'urn:esia:sbj': { 'urn:esia:sbj:lvl': 'P' } }))).toMatchObject({
      level: 'P',
      trustedByToken: false,
    });
  });
});

describe('ESIA error codes', () => {
  it.each([
    ['access_denied', 'ESIA-007004: denied', EsiaAccessRefusedError],
    ['access_denied', 'ESIA-007053: client_secret', EsiaProtocolError],
    ['access_denied', 'ESIA-007055: unconfirmed', EsiaAccountUnconfirmedError],
    ['access_denied', 'no code at all', EsiaProtocolError],
    ['invalid_grant', 'ESIA-007011: bad code', EsiaProtocolError],
    ['invalid_request', 'ESIA-007015: time', EsiaProtocolError],
    ['invalid_request', 'ESIA-007023: redirect', EsiaProtocolError],
    ['invalid_request', 'ESIA-007014: missing', EsiaProtocolError],
    ['invalid_client', 'ESIA-007002: certificate', EsiaProtocolError],
    ['invalid_scope', 'ESIA-007019: no grant', EsiaScopeNotApprovedError],
    ['temporarily_unavailable', 'ESIA-007008: later', EsiaUnavailableError],
  ])('%s with "%s" becomes %p', (error, description, type) => {
    expect(errorFromEsiaAnswer(error, description)).toBeInstanceOf(type);
  });
  it('only 007004 is ever a refusal', () => {
    const refusals = Object.keys(ESIA_ERROR_CODES).filter(
      (c) => errorFromEsiaAnswer('access_denied', `ESIA-${c}: x`) instanceof EsiaAccessRefusedError,
    );
    expect(refusals).toEqual(['007004']);
  });
  it('a fault names its code in Russian and says what to do', () => {
    expect(errorFromEsiaAnswer('access_denied', 'ESIA-007053: x').userMessage.ru).toMatch(
      /ESIA-007053.*Попробуйте ещё раз/,
    );
  });
});

describe('ESIA HTTP: token echo, person API', () => {
  let server: Server;
  let base = '';
  let answer: (path: string) => { status: number; body: unknown } = () => ({ status: 200, body: {} });
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const { status, body } = answer(req.url! + '\n' + raw);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (hits = 0));

  it('refuses a token answer that does not echo the new state', async () => {
    answer = () => ({
      status: 200,
      body: { state: '00000000-0000-4000-8000-000000000000', id_token: 'a', access_token: 'b' },
    });
    const signer = await createSigner({
      kind: 'auto',
      keyPem: pem('config/dev-keys/client.key.pem'),
      certificatePem: pem('config/dev-keys/client.crt.pem'),
    });
    const s = {
      baseUrl: base,
      clientId: 'C',
      scope: 'openid',
      redirectUri: 'http://x/cb',
      timeoutMs: 1000,
    } as EsiaSettings;
    await expect(exchangeCode(s, signer, new FixedClock(NOW), 'code')).rejects.toEqual(
      new EsiaStateError('echo'),
    );
    answer = (req) => {
      const state = new URLSearchParams(req.split('\n')[1]).get('state');
      return { status: 200, body: { state, id_token: 'a', access_token: 'b' } };
    };
    await expect(exchangeCode(s, signer, new FixedClock(NOW), 'code')).resolves.toMatchObject({
      idToken: 'a',
    });
    await signer.close();
  });

  it('a 403 from the person API is a scope that is not approved; not retried', async () => {
    answer = () => ({ status: 403, body: {} });
    await expect(
      new EsiaPersonClient(base, { timeoutMs: 1000, retries: 2, backoffMs: 1 }).person('42', 't'),
    ).rejects.toBeInstanceOf(EsiaScopeNotApprovedError);
    expect(hits).toBe(1);
  });

  it('retries a GET after 5xx, then succeeds; gives up as unavailable after the bound', async () => {
    let n = 0;
    answer = (url) =>
      ++n < 3
        ? { status: 503, body: {} }
        : {
            status: 200,
            body: url.startsWith('/rs/prns/42/kids?embed=(elements)')
              ? { elements: [{ id: 7, firstName: 'A' }] }
              : {},
          };
    const client = new EsiaPersonClient(base, { timeoutMs: 1000, retries: 2, backoffMs: 1 });
    await expect(client.kids('42', 't')).resolves.toEqual([{ oid: '7', firstName: 'A' }]);
    answer = () => ({ status: 502, body: {} });
    await expect(client.person('42', 't')).rejects.toBeInstanceOf(EsiaUnavailableError);
  });

  it('drops a SNILS or birth date that fails its rule, reports why (SNILS masked), keeps the valid ones', async () => {
    const people: Record<string, Record<string, unknown>> = {
      '/rs/prns/1': { snils: '112–233–445 95', birthDate: '29.02.2012', trusted: true },
      '/rs/prns/2': { snils: '112-233-445 96', birthDate: '31.02.2012', trusted: true },
      '/rs/prns/3': { snils: '12a-233-445 95', birthDate: '01.01.2031', trusted: true },
      '/rs/prns/4': { snils: '112-233-445', birthDate: '01.01.1899', trusted: true },
      '/rs/prns/5': { snils: '', birthDate: '2012-01-01', trusted: true },
    };
    answer = (url) => ({ status: 200, body: people[url.split('\n')[0]!] ?? {} });
    const reports: DiscardedFact[] = [];
    // 2026-12-07, 23:30 UTC: already 8 December in Kiritimati (UTC+14), so a child born "today" there is born.
    const clock = new FixedClock(new Date('2026-12-07T23:30:00Z'));
    const client = new EsiaPersonClient(
      base,
      { timeoutMs: 1000, retries: 0 },
      { clock, report: (f) => reports.push(f) },
    );
    expect(await client.person('1', 't')).toEqual({
      oid: '1',
      snils: '112-233-445 95',
      birthDate: '29.02.2012',
      trusted: true,
    });
    for (const oid of ['2', '3', '4', '5']) {
      const person = await client.person(oid, 't');
      expect(person).toEqual({ oid, trusted: true });
    }
    expect(reports).toEqual([
      { source: 'esia', field: 'birthDate', problem: 'not_a_date' },
      { source: 'esia', field: 'snils', problem: 'checksum', masked: '***-***-*45 96' },
      { source: 'esia', field: 'birthDate', problem: 'future' },
      { source: 'esia', field: 'snils', problem: 'characters', masked: '***-***-*** **' },
      { source: 'esia', field: 'birthDate', problem: 'before_1900' },
      { source: 'esia', field: 'snils', problem: 'length', masked: '***-***-*** **' },
      { source: 'esia', field: 'birthDate', problem: 'format' },
      { source: 'esia', field: 'snils', problem: 'empty', masked: '***-***-*** **' },
    ]);
    people['/rs/prns/6'] = { birthDate: '08.12.2026', trusted: true };
    expect(await client.person('6', 't')).toEqual({ oid: '6', birthDate: '08.12.2026', trusted: true });
    people['/rs/prns/7'] = { birthDate: '09.12.2026', trusted: true };
    expect(await client.person('7', 't')).toEqual({ oid: '7', trusted: true });
  });

  it('a slow ESIA is cut off at the timeout', async () => {
    const slow = createServer(() => undefined);
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    await expect(
      new EsiaPersonClient(url, { timeoutMs: 100, retries: 0 }).person('42', 't'),
    ).rejects.toBeInstanceOf(EsiaUnavailableError);
    slow.closeAllConnections();
    slow.close();
  });
});
