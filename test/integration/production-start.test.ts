import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DNEVNIK_DEMO_CREDENTIAL } from '../../adapters/dnevnik/dnevnik.config';
import { canonicalRequest, signCanonical } from '../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../src/paths';
import {
  readDemoVendorCredentials,
  seedDemoVendorCredentials,
} from '../../src/services/demo-vendor-credentials';
import { SecretBox } from '../../src/crypto/secret-box';
import { ApiCredentialsRepository } from '../../src/store/api-credentials.repository';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

/**
 * A real production start (NODE_ENV=production, its own GOST client key made here, no emulators) on a
 * database that a development start used before: it still holds the demo vendor keys.
 */
let db: TestDatabase;
let dir: string;
let base: Record<string, string>;
const openSslConf = process.env['OPENSSL_CONF'] ?? fromRoot('config/openssl-gost.cnf');
const CREDENTIALS = {
  // Дневник.ру's application secret and its extension's HMAC secret (adapters/dnevnik/README.md).
  DNEVNIK_86_CREDENTIALS: JSON.stringify({
    clientSecret: randomBytes(24).toString('base64url'),
    extensionSecret: randomBytes(32).toString('base64url'),
  }),
  SETEVOY_38_CREDENTIALS: randomBytes(24).toString('base64url'),
  COP_86_CREDENTIALS: randomBytes(24).toString('base64url'),
  ELJUR_39_CREDENTIALS: randomBytes(32).toString('base64url'),
  // The diaries' own secrets as clients of the gateway's OpenID Provider (config/instances.json clientSecretRef).
  DNEVNIK_86_OIDC_SECRET: randomBytes(32).toString('base64url'),
  SETEVOY_38_OIDC_SECRET: randomBytes(32).toString('base64url'),
  ELJUR_39_OIDC_SECRET: randomBytes(32).toString('base64url'),
};

function openssl(args: string[]): void {
  execFileSync('openssl', args, { env: { ...process.env, OPENSSL_CONF: openSslConf }, stdio: 'pipe' });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  // What `npm start` did on this database once: the demo keys, sealed with the development key.
  const development = new ApiCredentialsRepository(db.dataSource, new SecretBox(Buffer.alloc(32, 7)));
  const demo = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
  await seedDemoVendorCredentials(development, demo, new Set(demo.map((d) => d.instanceId)));

  dir = mkdtempSync(join(tmpdir(), 'elg-production-'));
  const key = join(dir, 'client.key.pem');
  const cert = join(dir, 'client.crt.pem');
  openssl(['genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', key]);
  openssl(['req', '-new', '-x509', '-key', key, '-out', cert, '-days', '30', '-subj', '/CN=EDU86TEST/O=ELG']);
  for (const file of ['tenants.json', 'instances.json'])
    copyFileSync(fromRoot(`config/${file}`), join(dir, file));
  base = {
    NODE_ENV: 'production',
    OPENSSL_CONF: openSslConf,
    EMULATORS: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `elg-production-test-${process.pid}:`,
    PUBLIC_URL: 'https://vhod.edu.example',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    PII_HMAC_KEY: randomBytes(32).toString('base64'),
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ESIA_BASE_URL: 'https://esia-portal1.test.gosuslugi.ru',
    ESIA_CLIENT_ID: 'EDU86TEST',
    ESIA_CLIENT_KEY_FILE: key,
    ESIA_CLIENT_CERT_FILE: cert,
    ESIA_CERTIFICATE_FILES: cert,
    CONFIG_DIR: dir,
  };
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function stop(gw: GatewayProcess): Promise<void> {
  gw.child.kill('SIGINT');
  await gw.exited;
}

describe('the first production start on a database a development start used', () => {
  it('revokes the demo vendor keys with an audit row each, and a call signed with one is refused', async () => {
    const gw = spawnGateway({ ...base, ...CREDENTIALS });
    try {
      const url = await gw.listening;
      const keys: Array<{ key_id: string; revoked: boolean }> = await db.dataSource.query(
        `SELECT key_id, revoked_at IS NOT NULL AS revoked FROM api_credentials WHERE kind = 'vendor' ORDER BY key_id`,
      );
      expect(keys).toEqual([
        { key_id: 'demo-cop-86', revoked: true },
        { key_id: 'demo-dnevnik-86', revoked: true },
        { key_id: 'demo-eljur-39', revoked: true },
        { key_id: 'demo-setevoy-38', revoked: true },
      ]);
      const audit: Array<{ target: string }> = await db.dataSource.query(
        `SELECT target FROM admin_audit WHERE actor = 'production start' AND action = 'vendor-key.revoked'
         ORDER BY target`,
      );
      expect(audit.map((a) => a.target)).toEqual([
        'vendor-key demo-cop-86',
        'vendor-key demo-dnevnik-86',
        'vendor-key demo-eljur-39',
        'vendor-key demo-setevoy-38',
      ]);

      const [demo] = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
      const path = '/api/vendor/v1/password-login/decision';
      const body = JSON.stringify({ instanceId: demo!.instanceId, login: 'ivanov' });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('base64url');
      const canonical = canonicalRequest({
        method: 'POST',
        pathWithQuery: path,
        timestamp,
        nonce,
        body: Buffer.from(body),
      });
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-ELG-Key-Id': demo!.keyId,
          'X-ELG-Timestamp': timestamp,
          'X-ELG-Nonce': nonce,
          'X-ELG-Signature': signCanonical(demo!.secret, canonical),
        },
        body,
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_key');
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    } finally {
      await stop(gw);
    }
  });

  it('diary instances without their credentials stop the start, one line naming each instance and variable', async () => {
    const gw = spawnGateway({ ...base, SETEVOY_38_CREDENTIALS: CREDENTIALS.SETEVOY_38_CREDENTIALS });
    const { code } = await gw.exited;
    expect(code).toBe(1);
    expect(gw.stderr().trim().split('\n')).toEqual([
      'start-up failed: diary adapters: ' +
        'instance cop-86: COP_86_CREDENTIALS is not set: production refuses the demo credential the adapter would use; ' +
        'instance dnevnik-86: DNEVNIK_86_CREDENTIALS is not set: production refuses the demo credential the adapter would use; ' +
        'instance eljur-39: ELJUR_39_CREDENTIALS is not set: production refuses the demo credential the adapter would use',
    ]);
  });

  it('a demo credential written into the variable stops the start, naming the instance', async () => {
    const gw = spawnGateway({ ...base, ...CREDENTIALS, DNEVNIK_86_CREDENTIALS: DNEVNIK_DEMO_CREDENTIAL });
    const { code } = await gw.exited;
    expect(code).toBe(1);
    expect(gw.stderr().trim()).toBe(
      'start-up failed: diary adapters: instance dnevnik-86: DNEVNIK_86_CREDENTIALS holds a public demo credential of dnevnik: production refuses it',
    );
  });

  it("a diary's demo OpenID client secret written into its variable stops the start, naming the instance", async () => {
    const demo = (await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'))).find(
      (c) => c.instanceId === 'dnevnik-86',
    )!;
    const gw = spawnGateway({ ...base, ...CREDENTIALS, DNEVNIK_86_OIDC_SECRET: demo.oidcClientSecret! });
    const { code } = await gw.exited;
    expect(code).toBe(1);
    expect(gw.stderr()).toContain(
      'instance dnevnik-86: oidc.clientSecretRef: DNEVNIK_86_OIDC_SECRET holds a demo secret the repository ships',
    );
  });
});
