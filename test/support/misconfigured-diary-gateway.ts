import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { FixedClock } from '../../src/core/clock';
import { defaultSettings } from '../../src/core/policy-settings';
import { startGateway, type Gateway } from '../../src/gateway';
import { fromRoot } from '../../src/paths';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { OperatorsRepository } from '../../src/store/operators.repository';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { capturedLogger } from './gateway-parts';
import { operatorSessionCookie } from './operator-session';
import { testConfig, type LogCapture } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The diary instance the harness points at a server without its API (config/instances.json's eljur-39). */
export const MISCONFIGURED_INSTANCE = 'eljur-39';

/** A whole gateway (src/gateway.ts, in-process) with one diary whose server has none of the adapter's routes. */
export interface MisconfiguredDiaryGateway {
  readonly gateway: Gateway;
  readonly db: TestDatabase;
  readonly clock: FixedClock;
  readonly logs: LogCapture;
  /** Every request the server without the API received, as `METHOD /path`. */
  readonly calls: readonly string[];
  /** A session cookie of the console's operator (viewer of region 39). */
  operatorCookie(): Promise<string>;
  close(): Promise<void>;
}

/** express-session's cookie signature: value.base64(HMAC-SHA256) without padding. */
/**
 * Starts the gateway as production composes it (real PostgreSQL and Redis), with config/'s regions and only the
 * reference diary's instance (eljur-39, a diary of the published API), pointed at a tiny express app that
 * answers every request 404 «Not Found», as a wrong base URL would (or 401, as a diary refusing the gateway's
 * credential does). Region 39's policy is in force (a decision
 * without a birth date must read the diary's profile), and an operator of region 39 may use the console.
 */
export async function startMisconfiguredDiaryGateway(
  at: Date,
  options: { refusesCredential?: boolean } = {},
): Promise<MisconfiguredDiaryGateway> {
  const calls: string[] = [];
  const app = express();
  app.use((req, res) => {
    calls.push(`${req.method} ${req.path}`);
    // With refusesCredential, the diary API is there but refuses the gateway's signature, as a diary does when
    // the instance's key id or secret is wrong (docs/diary-api.openapi.json, 401 signature_invalid).
    if (options.refusesCredential)
      res.status(401).json({ error: { code: 'signature_invalid', message: 'The signature does not match' } });
    else res.status(404).type('text').send('Not Found');
  });
  const notTheApi = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const wrongUrl = `http://127.0.0.1:${(notTheApi.address() as AddressInfo).port}`;

  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  copyFileSync(fromRoot('config/tenants.json'), join(dir, 'tenants.json'));
  const instances = JSON.parse(readFileSync(fromRoot('config/instances.json'), 'utf8')) as Array<{
    id: string;
  }>;
  const eljur = instances.find((i) => i.id === MISCONFIGURED_INSTANCE)!;
  writeFileSync(join(dir, 'instances.json'), JSON.stringify([{ ...eljur, baseUrl: wrongUrl }]));

  const db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(dir));
  await new PoliciesRepository(db.dataSource).change({
    tenantId: '39',
    instanceId: null,
    settings: { ...defaultSettings('Europe/Kaliningrad'), mode: 'enforce', cutoverDate: '2026-09-01' },
    actor: 'test',
    reason: 'test',
    at,
  });
  await new OperatorsRepository(db.dataSource).grant(
    { esiaOid: '3900', displayName: 'Калинина Ксения Кирилловна', role: 'viewer', tenantIds: ['39'] },
    { actor: 'test' },
  );

  const { logs, logger } = capturedLogger();
  const config = testConfig({
    DATABASE_URL: db.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `elg-misconfigured-${randomBytes(3).toString('hex')}:`,
    CONFIG_DIR: dir,
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1',
    ESIA_BASE_URL: wrongUrl,
    SHUTDOWN_GRACE_MS: '0',
  });
  const clock = new FixedClock(at);
  const gateway = await startGateway(config, logger, clock);
  return {
    gateway,
    db,
    clock,
    logs,
    calls,
    operatorCookie: () =>
      operatorSessionCookie(
        gateway.cache.sessionStore,
        config.sessionSecret,
        { oid: '3900', displayName: 'Калинина К. К.' },
        'test-csrf-token-0123456789',
      ),
    async close() {
      await gateway.stop({ immediate: true });
      await new Promise((resolve) => notTheApi.close(resolve));
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
