import { createHash, createHmac, randomBytes } from 'node:crypto';
import { startCopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { startEljurEmulator } from '../../emulators/diary-api/diary-api-emulator.server';
import { startDnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { startSetevoyRegionEmulator } from '../../emulators/setevoy-region/setevoy-emulator.server';

/**
 * Issues 20 and 22: the reference diary and every vendor's extension answer the published diary API
 * (docs/diary-api.openapi.json) through one router, so they refuse alike: the same status and error code for
 * a missing signature, an unknown key, malformed JSON, an unknown account and a route the diary lacks; and a
 * diary declares an ability exactly when it has its route.
 */
const KEY = { keyId: 'alike-test-key', secret: 'alike-test-secret-0000000000000000' };
const COP_KEY = { keyId: 'demo-cop-86', secret: 'cop-86-demo-api-key' }; // emulators/fixtures/cop-hmao.json

/** The headers of docs/diary-api.openapi.json "Authentication", written from the document here. */
function signed(method: string, target: string, body: string, key = KEY): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(18).toString('base64url');
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const canonical = [method, target, timestamp, nonce, bodyHash].join('\n');
  return {
    'X-ELG-Key-Id': key.keyId,
    'X-ELG-Timestamp': timestamp,
    'X-ELG-Nonce': nonce,
    'X-ELG-Signature': createHmac('sha256', key.secret).update(canonical).digest('base64url'),
  };
}

interface Diary {
  url: string;
  key: typeof KEY;
  close(): Promise<void>;
}

/** The route of each ability (docs/diary-api.openapi.json). */
const ABILITY_ROUTES = {
  passwordLogin: ['POST', '/password-checks'],
  organizationSearch: ['GET', '/organizations?level=municipality'],
  snilsMatch: ['POST', '/school-records/search'],
  children: ['GET', '/users/1/children'],
  accessRequests: ['POST', '/access-requests'],
  linkNotifications: ['POST', '/link-notices'],
} as const;

const diaries: Array<[string, () => Promise<Diary>]> = [
  [
    'the reference diary',
    async () => ({ ...(await startEljurEmulator({ port: 0, keys: [KEY] })), key: KEY }),
  ],
  [
    'Дневник.ру’s extension',
    async () => ({ ...(await startDnevnikEmulator({ port: 0, extensionKeys: [KEY] })), key: KEY }),
  ],
  [
    '«Сетевой Регион»’s extension',
    async () => ({
      ...(await startSetevoyRegionEmulator({ port: 0, extension: { keys: [KEY] } })),
      key: KEY,
    }),
  ],
  ['ЦОП ХМАО-Югры’s extension', async () => ({ ...(await startCopHmaoEmulator({ port: 0 })), key: COP_KEY })],
];

describe.each(diaries)('%s answers the diary API as every other diary does', (_name, start) => {
  let diary: Diary;
  const call = async (method: string, path: string, body?: string, headers?: Record<string, string>) => {
    const res = await fetch(`${diary.url}/elg/v1${path}`, {
      method,
      headers: {
        ...(headers ?? signed(method, `/elg/v1${path}`, body ?? '', diary.key)),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text,
    };
  };
  const refusal = (code: string) => ({ error: { code, message: expect.any(String) } });

  beforeAll(async () => {
    diary = await start();
  });
  afterAll(() => diary.close());

  it('refuses an unsigned request: 401 headers_missing', async () => {
    expect(await call('GET', '/capabilities', undefined, {})).toEqual({
      status: 401,
      body: refusal('headers_missing'),
    });
  });

  it('refuses a key it was not given: 401 unknown_key', async () => {
    const stranger = { keyId: 'no-such-key', secret: KEY.secret };
    const headers = signed('GET', '/elg/v1/capabilities', '', stranger);
    expect(await call('GET', '/capabilities', undefined, headers)).toEqual({
      status: 401,
      body: refusal('unknown_key'),
    });
  });

  it('refuses a body that is not JSON: 400 invalid_request', async () => {
    expect(await call('POST', '/link-notices', '{"event":')).toEqual({
      status: 400,
      body: refusal('invalid_request'),
    });
  });

  it('answers an unknown account 404 user_not_found', async () => {
    expect(await call('GET', '/users/999999999')).toEqual({ status: 404, body: refusal('user_not_found') });
  });

  it('answers a route it does not have 404 not_found, in the error model', async () => {
    expect(await call('GET', '/no-such-operation')).toEqual({ status: 404, body: refusal('not_found') });
  });

  it('has the route of every ability it declares, and none of those it does not', async () => {
    const { abilities } = (await call('GET', '/capabilities')).body as { abilities: Record<string, boolean> };
    for (const [ability, [method, path]] of Object.entries(ABILITY_ROUTES)) {
      const answer = await call(method, path, method === 'POST' ? '{}' : undefined);
      const missing =
        answer.status === 404 && (answer.body as { error?: { code?: string } }).error?.code === 'not_found';
      expect({ ability, declared: abilities[ability] }).toEqual({ ability, declared: !missing });
    }
  });
});
