import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { createCache } from '../../src/cache';
import { FixedClock } from '../../src/core/clock';
import { errorHandler } from '../../src/http/error-handler';
import { requestContext } from '../../src/http/request-context';
import type { StateStore } from '../../src/core/ports/state-store.port';
import {
  cachedVendorKeys,
  canonicalRequest,
  signCanonical,
  vendorAuthentication,
  type VendorKeySource,
} from '../../src/http/vendor-api/vendor-auth.middleware';
import {
  readDemoVendorCredentials,
  seedDemoVendorCredentials,
} from '../../src/services/demo-vendor-credentials';
import { createLogger } from '../../src/logger';
import { SecretBox } from '../../src/crypto/secret-box';
import { ApiCredentialsRepository } from '../../src/store/api-credentials.repository';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { fromRoot } from '../../src/paths';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const logger = createLogger({ level: 'silent' });
const clock = new FixedClock(new Date('2026-11-22T10:00:00Z'));
let db: TestDatabase;
let repo: ApiCredentialsRepository;
let app: express.Express;
let key: { keyId: string; secret: string };

/** Signs like a vendor would (docs/vendor-api.md), with knobs to break each part. */
function signed(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  opts: {
    secret?: string;
    keyId?: string;
    timestamp?: number;
    nonce?: string;
    signedBody?: string;
    to?: express.Express;
  } = {},
) {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(opts.timestamp ?? Math.floor(clock.now().getTime() / 1000));
  const nonce = opts.nonce ?? randomBytes(16).toString('base64url');
  const canonical = canonicalRequest({
    method,
    pathWithQuery: path,
    timestamp,
    nonce,
    body: Buffer.from(opts.signedBody ?? raw),
  });
  const target = opts.to ?? app;
  let req = method === 'GET' ? request(target).get(path) : request(target).post(path);
  req = req
    .set('X-ELG-Key-Id', opts.keyId ?? key.keyId)
    .set('X-ELG-Timestamp', timestamp)
    .set('X-ELG-Nonce', nonce)
    .set('X-ELG-Signature', signCanonical(opts.secret ?? key.secret, canonical));
  if (body !== undefined) req = req.set('Content-Type', 'application/json').send(raw);
  return req;
}

let box: SecretBox;
let stateStore: StateStore;

/** The vendor API behind `keys`, as the gateway mounts it. */
function vendorApp(keys: VendorKeySource): express.Express {
  const built = express();
  built.use(requestContext(logger));
  built.use(express.json({ verify: (req, _res, buf) => ((req as express.Request).rawBody = buf) }));
  built.use('/api/vendor/v1', vendorAuthentication({ keys, stateStore, clock }), (req, res) => {
    res.json({ vendor: req.vendor });
  });
  built.use(errorHandler);
  return built;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  box = new SecretBox(randomBytes(32));
  repo = new ApiCredentialsRepository(db.dataSource, box);
  key = await repo.issueVendorKey({ instanceId: 'dnevnik-86', createdBy: 'test' });
  const cache = createCache(
    { redisMode: 'standalone', redisSentinelName: 'x', redisKeyPrefix: 't:', sessionIdleMinutes: 5, clock },
    logger,
  );
  stateStore = cache.stateStore;
  app = vendorApp({ find: (id) => repo.findVendorKey(id) });
});

afterAll(async () => {
  await db?.drop();
});

describe('vendor API authentication (HMAC per diary instance)', () => {
  it('accepts a correctly signed request and names the instance the key speaks for', async () => {
    const res = await signed('POST', '/api/vendor/v1/password-login/decision?x=1', { userId: '42' }).expect(
      200,
    );
    expect(res.body.vendor).toEqual({ instanceId: 'dnevnik-86', keyId: key.keyId });
    await signed('GET', '/api/vendor/v1/links/dnevnik-86/42', undefined).expect(200);
  });

  it('refuses a request without the headers', async () => {
    const res = await request(app).get('/api/vendor/v1/links/dnevnik-86/42').expect(401);
    expect(res.body.error.code).toBe('headers_missing');
  });

  it('refuses a wrong secret, a changed body, a changed path and a changed method', async () => {
    const wrongSecret = await signed(
      'POST',
      '/api/vendor/v1/t',
      { a: 1 },
      { secret: 'not-the-secret' },
    ).expect(401);
    expect(wrongSecret.body.error.code).toBe('signature_invalid');
    const tampered = await signed(
      'POST',
      '/api/vendor/v1/t',
      { userId: '43' },
      { signedBody: '{"userId":"42"}' },
    ).expect(401);
    expect(tampered.body.error.code).toBe('signature_invalid');
  });

  it('refuses a stale timestamp (more than 5 minutes off either way)', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const old = await signed('GET', '/api/vendor/v1/x', undefined, { timestamp: now - 301 }).expect(401);
    expect(old.body.error.code).toBe('timestamp_out_of_range');
    await signed('GET', '/api/vendor/v1/x', undefined, { timestamp: now + 301 }).expect(401);
    await signed('GET', '/api/vendor/v1/x', undefined, { timestamp: now - 299 }).expect(200);
  });

  it('refuses a replayed nonce, but a forged request cannot burn a nonce', async () => {
    const nonce = randomBytes(16).toString('base64url');
    await signed('GET', '/api/vendor/v1/x', undefined, { nonce, secret: 'forger' }).expect(401);
    await signed('GET', '/api/vendor/v1/x', undefined, { nonce }).expect(200);
    const replay = await signed('GET', '/api/vendor/v1/x', undefined, { nonce }).expect(401);
    expect(replay.body.error.code).toBe('nonce_replayed');
  });

  it('refuses an unknown key and a revoked key', async () => {
    const unknown = await signed('GET', '/api/vendor/v1/x', undefined, { keyId: 'vk_unknown_123' }).expect(
      401,
    );
    expect(unknown.body.error.code).toBe('unknown_key');
    const other = await repo.issueVendorKey({ instanceId: 'cop-86', createdBy: 'test' });
    await signed('GET', '/api/vendor/v1/x', undefined, other).expect(200);
    await repo.revoke(other.keyId, { actor: 'test', at: clock.now() });
    const revoked = await signed('GET', '/api/vendor/v1/x', undefined, other).expect(401);
    expect(revoked.body.error.code).toBe('unknown_key');
  });

  it('refuses an expired key', async () => {
    const expiring = await repo.issueVendorKey({
      instanceId: 'cop-86',
      createdBy: 'test',
      expiresAt: new Date(clock.now().getTime() - 1000),
    });
    const res = await signed('GET', '/api/vendor/v1/x', undefined, expiring).expect(401);
    expect(res.body.error.code).toBe('key_expired');
  });

  it('keeps secrets sealed in PostgreSQL, never in the clear', async () => {
    const rows: Array<{ secret_ciphertext: Buffer }> = await db.dataSource.query(
      'SELECT secret_ciphertext FROM api_credentials WHERE key_id = $1',
      [key.keyId],
    );
    expect(rows[0]!.secret_ciphertext.toString('latin1')).not.toContain(key.secret);
  });
});

describe('the vendor key cache', () => {
  it('answers from memory within its lifetime and asks again after it', async () => {
    let calls = 0;
    const fixed = new FixedClock(new Date());
    const cached = cachedVendorKeys(
      {
        find: async () => {
          calls += 1;
          return { keyId: 'k', instanceId: 'i', secret: 's', expiresAt: null };
        },
      },
      fixed,
      1000,
    );
    await cached.find('k');
    await cached.find('k');
    expect(calls).toBe(1);
    fixed.advance(1001);
    await cached.find('k');
    expect(calls).toBe(2);
  });
});

describe('under NODE_ENV=production', () => {
  it('a demo key a development start seeded is an unknown key, while the same key works in development', async () => {
    const demo = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
    await seedDemoVendorCredentials(repo, demo, new Set(['dnevnik-86', 'cop-86', 'setevoy-38']));
    const production = new ApiCredentialsRepository(db.dataSource, box, { refuseDemoKeys: true });
    const productionApp = vendorApp({ find: (id) => production.findVendorKey(id) });
    const seeded = demo.find((d) => d.instanceId === 'dnevnik-86')!;

    await signed('GET', '/api/vendor/v1/x', undefined, seeded).expect(200);
    const refused = await signed('GET', '/api/vendor/v1/x', undefined, { ...seeded, to: productionApp });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unknown_key');
    await signed('GET', '/api/vendor/v1/x', undefined, { to: productionApp }).expect(200);
  });

  it('a key created by the demo seed under another id is refused too', async () => {
    const seededLater = await repo.issueVendorKey({ instanceId: 'cop-86', createdBy: 'demo-seed' });
    const production = new ApiCredentialsRepository(db.dataSource, box, { refuseDemoKeys: true });
    const productionApp = vendorApp({ find: (id) => production.findVendorKey(id) });
    const refused = await signed('GET', '/api/vendor/v1/x', undefined, { ...seededLater, to: productionApp });
    expect(refused.body.error?.code).toBe('unknown_key');
  });
});
