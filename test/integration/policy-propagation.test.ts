import { randomBytes } from 'node:crypto';
import { canonicalRequest, signCanonical } from '../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../src/paths';
import { readDemoVendorCredentials } from '../../src/services/demo-vendor-credentials';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  backToShadow,
  enforcedRegion86,
  PUBSUB_GATEWAY_ENV,
  stopGateways,
  untilNoLongerDenied,
} from '../support/two-gateways';

jest.setTimeout(60_000);

let db: TestDatabase;
const gateways: GatewayProcess[] = [];
let token: string;
let vendor: { keyId: string; secret: string };
const DECISION = '/api/vendor/v1/password-login/decision';
const fifteen = `${new Date().getUTCFullYear() - 15}-01-01`;

async function decide(base: string, userId: string): Promise<string> {
  const body = JSON.stringify({ userId, birthDate: fifteen, roles: ['student'] });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const canonical = canonicalRequest({
    method: 'POST',
    pathWithQuery: DECISION,
    timestamp,
    nonce,
    body: Buffer.from(body),
  });
  const res = await fetch(base + DECISION, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-elg-key-id': vendor.keyId,
      'x-elg-timestamp': timestamp,
      'x-elg-nonce': nonce,
      'x-elg-signature': signCanonical(vendor.secret, canonical),
    },
    body,
  });
  if (res.status !== 200) throw new Error(`decision ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { decision: string }).decision;
}

beforeAll(async () => {
  db = await createTestDatabase();
  ({ token } = await enforcedRegion86(db, 'start enforced'));
  vendor = (await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'))).find(
    (c) => c.instanceId === 'dnevnik-86',
  )!;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `elg-prop-${process.pid}-${randomBytes(3).toString('hex')}:`,
    PORT: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...PUBSUB_GATEWAY_ENV,
  };
  gateways.push(spawnGateway(env), spawnGateway(env));
});

afterAll(async () => {
  await stopGateways(gateways, 'SIGINT');
  await db?.drop();
});

describe('policy propagation between gateway processes', () => {
  it('a change made through one process reaches the other within 1 s (Redis pub/sub)', async () => {
    const [a, b] = await Promise.all(gateways.map((g) => g.listening));
    expect(await decide(b!, 'p-1')).toBe('deny');
    const changed = await backToShadow(a!, token, 'ESIA capacity problems: back to shadow');
    expect(changed.status).toBe(200);
    const seen = await untilNoLongerDenied((n) => decide(b!, `p-poll-${n}`));
    expect(seen.decision).toBe('allow');
    expect(seen.ms).toBeLessThan(1000);
    expect(await decide(a!, 'p-2')).toBe('allow');
  });
});
