import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createCache, type Cache } from '../../src/cache';
import { FixedClock } from '../../src/core/clock';
import {
  cachedVendorKeys,
  canonicalRequest,
  signCanonical,
  vendorAuthentication,
} from '../../src/http/vendor-api/vendor-auth.middleware';
import { createLogger } from '../../src/logger';
import { createPersonData } from '../../src/person-data-feature';
import { fromRoot } from '../../src/paths';
import type { CutoverFeature } from '../../src/services/cutover-feature';
import type { ProfileLookup } from '../../src/services/password-decision.use-case';
import { SecretBox } from '../../src/crypto/secret-box';
import { ApiCredentialsRepository } from '../../src/store/api-credentials.repository';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { startCutoverFeature } from './gateway-parts';
import { operatorSessionCookie } from './operator-session';
import { buildTestApp, testConfig } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/** express-session's cookie signature (cookie-signature): value.base64(HMAC-SHA256) without padding. */
/** A real app over a real database with the cutover feature, a fixed clock and HMAC-signing helpers. */
export interface CutoverHarness {
  readonly db: TestDatabase;
  readonly app: Express;
  readonly clock: FixedClock;
  readonly cutover: CutoverFeature;
  readonly cache: Cache;
  readonly credentials: ApiCredentialsRepository;
  /** A console session of an ESIA person signed in for the purpose `operator`: the Cookie header value. */
  operatorSession(oid: string, csrf: string): Promise<string>;
  /** Adds a diary instance (for the regions config/ has no instance for). */
  addInstance(id: string, tenantId: string): Promise<void>;
  /** A vendor key for the instance, issued once per instance and reused. */
  vendorKey(instanceId: string): Promise<{ keyId: string; secret: string }>;
  /** A signed vendor POST, as docs/vendor-api.md describes it. */
  /** A signed POST; `nonce` to send a chosen one (a replay), `secret` to sign with a wrong one (a forgery). */
  vendorPost(
    instanceId: string,
    path: string,
    body: unknown,
    options?: { nonce?: string; secret?: string },
  ): Promise<request.Response>;
  close(): Promise<void>;
}

/** Builds the harness; `env` overrides configuration, `profiles` stands in for the adapters' getProfile. */
export async function createCutoverHarness(
  options: { env?: Record<string, string>; profiles?: ProfileLookup; at?: string } = {},
): Promise<CutoverHarness> {
  const db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  const clock = new FixedClock(new Date(options.at ?? '2026-05-01T10:00:00Z'));
  const logger = createLogger({ level: 'silent' });
  const config = testConfig({ PUBLIC_URL: 'http://gw.test', ...options.env });
  const cache = createCache({ ...config, clock }, logger);
  const credentials = new ApiCredentialsRepository(db.dataSource, new SecretBox(randomBytes(32)));
  const cutover = await startCutoverFeature({ db, cache, clock, logger, config, profiles: options.profiles });
  const vendorAuth = vendorAuthentication({
    keys: cachedVendorKeys({ find: (id) => credentials.findVendorKey(id) }, clock, 0, 0),
    stateStore: cache.stateStore,
    clock,
  });
  const personData = createPersonData({ dataSource: db.dataSource, cache, clock, config });
  const { app, deps } = buildTestApp({ config, clock, vendorAuth, cutover, logger, personData });
  const keys = new Map<string, { keyId: string; secret: string }>();
  const vendorKey = async (instanceId: string) => {
    if (!keys.has(instanceId))
      keys.set(instanceId, await credentials.issueVendorKey({ instanceId, createdBy: 'test' }));
    return keys.get(instanceId)!;
  };
  return {
    db,
    app,
    clock,
    cutover,
    cache,
    credentials,
    vendorKey,
    operatorSession: (oid, csrf) =>
      operatorSessionCookie(
        deps.sessionStore,
        config.sessionSecret,
        { oid, displayName: `Operator ${oid}` },
        csrf,
      ),
    async addInstance(id, tenantId) {
      await db.dataSource.query(
        `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref)
         VALUES ($1, $2, 'test', 'http://127.0.0.1:1', $1, 'NONE') ON CONFLICT DO NOTHING`,
        [id, tenantId],
      );
    },
    async vendorPost(instanceId, path, body, options = {}) {
      const key = await vendorKey(instanceId);
      const raw = JSON.stringify(body);
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      const nonce = options.nonce ?? randomBytes(16).toString('base64url');
      const canonical = canonicalRequest({
        method: 'POST',
        pathWithQuery: path,
        timestamp,
        nonce,
        body: Buffer.from(raw),
      });
      return request(app)
        .post(path)
        .set('X-ELG-Key-Id', key.keyId)
        .set('X-ELG-Timestamp', timestamp)
        .set('X-ELG-Nonce', nonce)
        .set('X-ELG-Signature', signCanonical(options.secret ?? key.secret, canonical))
        .set('Content-Type', 'application/json')
        .send(raw);
    },
    async close() {
      await cutover.stop();
      await cache.close();
      await db.drop();
    },
  };
}
