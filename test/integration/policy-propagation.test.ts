import { randomBytes } from 'node:crypto';
import { canonicalRequest, signCanonical } from '../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../src/paths';
import { readDemoVendorCredentials } from '../../src/services/demo-vendor-credentials';
import { defaultSettings } from '../../src/core/policy-settings';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

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
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  await new PoliciesRepository(db.dataSource).change({
    tenantId: '86',
    instanceId: null,
    settings: { ...defaultSettings('Asia/Yekaterinburg'), mode: 'enforce', cutoverDate: '2020-01-01' },
    actor: 'test',
    reason: 'start enforced',
    at: new Date(),
  });
  token = (
    await new OperatorTokensRepository(db.dataSource).issue({
      role: 'editor',
      tenantIds: ['86'],
      createdBy: 'test',
      expiresAt: new Date(Date.now() + 3600_000),
    })
  ).token;
  vendor = (await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'))).find(
    (c) => c.instanceId === 'dnevnik-86',
  )!;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `elg-prop-${process.pid}-${randomBytes(3).toString('hex')}:`,
    PORT: '0',
    LOG_LEVEL: 'warn',
    EMULATORS: 'false',
    NODE_ENV: 'test',
    SHUTDOWN_GRACE_MS: '0',
    // Long enough that only pub/sub can explain a change seen within a second.
    POLICY_CACHE_MAX_AGE_MS: '30000',
  };
  gateways.push(spawnGateway(env), spawnGateway(env));
});

afterAll(async () => {
  for (const gw of gateways) {
    gw.child.kill('SIGINT');
    await gw.exited;
  }
  await db?.drop();
});

describe('policy propagation between gateway processes', () => {
  it('a change made through one process reaches the other within 1 s (Redis pub/sub)', async () => {
    const [a, b] = await Promise.all(gateways.map((g) => g.listening));
    expect(await decide(b!, 'p-1')).toBe('deny');
    const changed = await fetch(`${a}/api/ops/v1/regions/86/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'shadow', reason: 'ESIA capacity problems: back to shadow' }),
    });
    expect(changed.status).toBe(200);
    const start = Date.now();
    let decision = 'deny';
    for (let i = 0; decision === 'deny' && Date.now() - start < 3000; i++) {
      decision = await decide(b!, `p-poll-${i}`);
      if (decision === 'deny') await new Promise((r) => setTimeout(r, 25));
    }
    const elapsed = Date.now() - start;
    expect(decision).toBe('allow');
    expect(elapsed).toBeLessThan(1000);
    expect(await decide(a!, 'p-2')).toBe('allow');
  });
});
