import { readFileSync } from 'node:fs';
import { BlockList, isIP, isIPv6 } from 'node:net';
import { z } from 'zod';
import { DEMO_ESIA_CLIENT_ID, holdsShippedKey } from './demo-material';
import { ASYMMETRIC_ALGS } from './config/oidc-algorithms';
import { fromRoot } from './paths';
import { parseDatabaseUrl } from './config/database-address';

/**
 * The gateway's whole configuration: one entry per environment variable, with its default and a one-line
 * description. `loadConfig` validates all of them and reports every problem at once; the README's
 * configuration reference is generated from this table (`npm run config:docs`) and a test keeps them equal.
 */

interface Entry<T> {
  readonly env: string;
  readonly description: string;
  /** Shown in the reference; `undefined` means "no default". */
  readonly defaultText?: string;
  readonly schema: z.ZodType<T>;
  /** Marks a value that is only safe on a developer's machine: production refuses the default. */
  readonly unsafeDefaultInProduction?: boolean;
}

const entry = <T>(e: Entry<T>): Entry<T> => e;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const retentionDays = z.coerce.number().int().min(0).max(3650);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL (${protocols.join(' or ')})` },
  );
// libpq's multi-host form (postgres://u@primary:5432,standby:5432/db?target_session_attrs=read-write), which
// WHATWG URL refuses: src/config/database-address.ts reads it, and its reason becomes the problem shown.
const databaseUrl = z.string().superRefine((v, ctx) => {
  try {
    parseDatabaseUrl(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});
const hostPortList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every((hp) => /^[^:\s]+:\d{1,5}$/.test(hp)), {
    message: 'expected a comma-separated list of host:port',
  })
  .transform((list) =>
    list.map((hp) => {
      const [host, p] = hp.split(':');
      return { host: host!, port: Number(p) };
    }),
  );
const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'expected 32 bytes in base64' })
  .transform((v) => Buffer.from(v, 'base64'));

// Development-only key material: loud at start, refused in production.
/**
 * What the flows read of ESIA, and nothing more (152-FZ): openid (the sign-in, the oid), fullname (names shown,
 * the link's name check), birthdate (the link's check against the school record), snils (school-record
 * matching, the link's and the access request's checks). No flow reads gender, e-mail, phone or children, so
 * they are asked for only when ESIA_SCOPES adds them.
 */
export const DEFAULT_ESIA_SCOPES = 'openid fullname birthdate snils';

const DEV_SECRET = 'development-only-session-secret-change-me';
const DEV_KEY = Buffer.alloc(32, 7).toString('base64');
const DEV_KEY_BYTES = Buffer.from(DEV_KEY, 'base64');

export const configEntries = {
  nodeEnv: entry({
    env: 'NODE_ENV',
    description:
      'development, test or production; production refuses emulators, in-memory stores and dev keys',
    defaultText: 'development',
    schema: z.enum(['development', 'test', 'production']).default('development'),
  }),
  host: entry({
    env: 'HOST',
    description: 'Interface the HTTP server listens on',
    defaultText: '127.0.0.1',
    schema: z.string().min(1).default('127.0.0.1'),
  }),
  port: entry({
    env: 'PORT',
    description: 'TCP port of the HTTP server (0 picks a free one)',
    defaultText: '3000',
    schema: port.default(3000),
  }),
  metricsHost: entry({
    env: 'METRICS_HOST',
    description:
      'Interface of the separate /metrics listener (keep it internal: the user-facing port never serves it)',
    defaultText: '127.0.0.1',
    schema: z.string().min(1).default('127.0.0.1'),
  }),
  metricsPort: entry({
    env: 'METRICS_PORT',
    description:
      'TCP port of the separate Prometheus /metrics listener (0 picks a free one); absent: no /metrics',
    schema: port.optional(),
  }),
  publicUrl: entry({
    env: 'PUBLIC_URL',
    description:
      'Address users reach the gateway at (a browser at another host name is redirected here); https turns on Secure __Host- cookies and HSTS',
    defaultText: 'http://localhost:<PORT>',
    schema: url(['http:', 'https:']).optional(),
  }),
  trustProxy: entry({
    env: 'TRUST_PROXY',
    description: 'Number of reverse proxies in front of the gateway whose X-Forwarded-* headers are trusted',
    defaultText: '0',
    schema: z.coerce.number().int().min(0).max(10).default(0),
  }),
  databaseUrl: entry({
    env: 'DATABASE_URL',
    description:
      'PostgreSQL connection URL; several hosts (h1:5432,h2:5432) with target_session_attrs=read-write follow a failover to the primary; when absent, an embedded PostgreSQL is started (development only)',
    schema: databaseUrl.optional(),
  }),
  databasePoolMax: entry({
    env: 'DATABASE_POOL_MAX',
    description: 'Maximum PostgreSQL connections per process',
    defaultText: '10',
    schema: positiveInt.max(200).default(10),
  }),
  embeddedPgDir: entry({
    env: 'EMBEDDED_PG_DIR',
    description: 'Data folder of the embedded PostgreSQL, kept between runs',
    defaultText: '.data/postgres',
    schema: z.string().min(1).default('.data/postgres'),
  }),
  embeddedPgPort: entry({
    env: 'EMBEDDED_PG_PORT',
    description: 'TCP port of the embedded PostgreSQL (127.0.0.1 only)',
    defaultText: '54329',
    schema: port.default(54329),
  }),
  redisUrl: entry({
    env: 'REDIS_URL',
    description:
      'Redis URL (redis:// or rediss://); when absent, an in-process store is used (development only)',
    schema: url(['redis:', 'rediss:']).optional(),
  }),
  redisMode: entry({
    env: 'REDIS_MODE',
    description: 'standalone (REDIS_URL), sentinel (REDIS_SENTINELS) or cluster (REDIS_CLUSTER_NODES)',
    defaultText: 'standalone',
    schema: z.enum(['standalone', 'sentinel', 'cluster']).default('standalone'),
  }),
  redisSentinels: entry({
    env: 'REDIS_SENTINELS',
    description: 'Sentinel nodes as host:port,host:port (with REDIS_MODE=sentinel)',
    schema: hostPortList.optional(),
  }),
  redisSentinelName: entry({
    env: 'REDIS_SENTINEL_NAME',
    description: 'Name of the Sentinel-monitored master',
    defaultText: 'mymaster',
    schema: z.string().min(1).default('mymaster'),
  }),
  redisClusterNodes: entry({
    env: 'REDIS_CLUSTER_NODES',
    description: 'Cluster seed nodes as host:port,host:port (with REDIS_MODE=cluster)',
    schema: hostPortList.optional(),
  }),
  redisWaitReplicas: entry({
    env: 'REDIS_WAIT_REPLICAS',
    description:
      'With a replicated Redis (Sentinel): replicas that must confirm the use of a one-time value (sign-in state, vendor nonce) within 500 ms, else 503; 0 does not wait, and a failover just after a use may forget it',
    defaultText: '0',
    schema: z.coerce.number().int().min(0).max(5).default(0),
  }),
  redisKeyPrefix: entry({
    env: 'REDIS_KEY_PREFIX',
    description: 'Prefix of every Redis key, so that several deployments can share one Redis',
    defaultText: 'elg:',
    schema: z.string().min(1).max(64).default('elg:'),
  }),
  sessionSecret: entry({
    env: 'SESSION_SECRET',
    description: 'Secret that signs session cookies; comma-separated to rotate (the first signs)',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: z
      .string()
      .default(DEV_SECRET)
      .transform((v) => v.split(',').map((s) => s.trim()))
      .refine((list) => list.every((s) => s.length >= 32), {
        message: 'each secret needs 32 characters or more',
      }),
  }),
  sessionIdleMinutes: entry({
    env: 'SESSION_IDLE_MINUTES',
    description: 'A session ends after this many minutes without a request',
    defaultText: '30',
    schema: positiveInt.max(24 * 60).default(30),
  }),
  piiHmacKey: entry({
    env: 'PII_HMAC_KEY',
    description:
      'Key (32 bytes, base64) of the keyed hash (HMAC-SHA256) that pseudonymises ESIA oids and diary accounts',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: base64Key.prefault(DEV_KEY),
  }),
  piiEncryptionKey: entry({
    env: 'PII_ENCRYPTION_KEY',
    description: 'Key (32 bytes, base64) of AES-256-GCM for the personal data that must be shown again',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: base64Key.prefault(DEV_KEY),
  }),
  credentialEncryptionKey: entry({
    env: 'CREDENTIAL_ENCRYPTION_KEY',
    description: 'Key (32 bytes, base64) of AES-256-GCM that seals vendor HMAC secrets at rest',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: base64Key.prefault(DEV_KEY),
  }),
  logLevel: entry({
    env: 'LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent',
    defaultText: 'info',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
  bodyLimit: entry({
    env: 'BODY_LIMIT_BYTES',
    description: 'Largest request body accepted, in bytes',
    defaultText: '65536',
    schema: positiveInt.max(10 * 1024 * 1024).default(65536),
  }),
  shutdownTimeoutMs: entry({
    env: 'SHUTDOWN_TIMEOUT_MS',
    description: 'On SIGTERM, how long in-flight requests may take before the process exits anyway',
    defaultText: '10000',
    schema: positiveInt.max(120000).default(10000),
  }),
  shutdownGraceMs: entry({
    env: 'SHUTDOWN_GRACE_MS',
    description:
      'On SIGTERM, how long to keep serving while /readyz says draining, so the load balancer takes the process out',
    defaultText: '3000',
    schema: z.coerce.number().int().min(0).max(60000).default(3000),
  }),
  configDir: entry({
    env: 'CONFIG_DIR',
    description: 'Folder with tenants.json and instances.json, loaded into PostgreSQL at start',
    defaultText: 'config',
    schema: z.string().min(1).default('config'),
  }),
  outboxLeaseMs: entry({
    env: 'OUTBOX_LEASE_MS',
    description:
      'How long an outbox row claimed by a process stays hidden from the others: after a crash, another process delivers it once this has passed (at least 6000, above the 5 s vendor timeout)',
    defaultText: '60000',
    schema: z.coerce.number().int().min(6000).max(3_600_000).default(60_000),
  }),
  policyCacheMaxAgeMs: entry({
    env: 'POLICY_CACHE_MAX_AGE_MS',
    description:
      'Longest a process decides on a cached cutover policy without reloading it (the bound when pub/sub is down)',
    defaultText: '5000',
    schema: z.coerce.number().int().min(100).max(60000).default(5000),
  }),
  decisionLimitPerInstance: entry({
    env: 'DECISION_LIMIT_PER_INSTANCE',
    description: 'Password decisions a diary instance may ask for per minute (then 429 with Retry-After)',
    defaultText: '60000',
    schema: positiveInt.default(60000),
  }),
  decisionLimitPerLogin: entry({
    env: 'DECISION_LIMIT_PER_LOGIN',
    description: 'Password decisions about one diary account per minute (then 429 with Retry-After)',
    defaultText: '30',
    schema: positiveInt.default(30),
  }),
  retentionAccessRequestDays: entry({
    env: 'RETENTION_ACCESS_REQUEST_DAYS',
    description:
      'Days a resolved or rejected access request keeps its message, contact and name (then removed; docs/personal-data.md)',
    defaultText: '30',
    schema: retentionDays.default(30),
  }),
  retentionOutboxDays: entry({
    env: 'RETENTION_OUTBOX_DAYS',
    description: 'Days a delivered notice to a diary is kept (then deleted)',
    defaultText: '7',
    schema: retentionDays.default(7),
  }),
  retentionRevokedLinkDays: entry({
    env: 'RETENTION_REVOKED_LINK_DAYS',
    description:
      'Days a revoked link (and a conflict event) keeps the ESIA oid and diary account (then pseudonymised with PII_HMAC_KEY)',
    defaultText: '365',
    schema: retentionDays.default(365),
  }),
  retentionExemptionDays: entry({
    env: 'RETENTION_EXEMPTION_DAYS',
    description:
      'Days an expired or revoked exemption keeps its diary account and reason (then kept as audit without them)',
    defaultText: '90',
    schema: retentionDays.default(90),
  }),
  retentionPurgeIntervalMinutes: entry({
    env: 'RETENTION_PURGE_INTERVAL_MINUTES',
    description: 'How often each process runs the retention purge (the processes share the work)',
    defaultText: '60',
    schema: positiveInt.max(24 * 60).default(60),
  }),
  emulators: entry({
    env: 'EMULATORS',
    description: 'Start the ESIA and diary emulators in this process (the demo); refused in production',
    defaultText: 'true unless NODE_ENV=production',
    schema: bool.optional(),
  }),
  esiaBaseUrl: entry({
    env: 'ESIA_BASE_URL',
    description:
      'ESIA address: production https://esia.gosuslugi.ru, test https://esia-portal1.test.gosuslugi.ru; the default is the demo emulator',
    defaultText: 'http://127.0.0.1:7010',
    unsafeDefaultInProduction: true,
    schema: url(['http:', 'https:'])
      .default('http://127.0.0.1:7010')
      .transform((v) => v.replace(/\/+$/, '')),
  }),
  esiaIssuer: entry({
    env: 'ESIA_ISSUER',
    description:
      'Exact iss of ESIA tokens (http and the trailing slash); the test host issues http://esia-portal1.test.gosuslugi.ru/',
    defaultText: 'http://esia.gosuslugi.ru/',
    schema: z.string().min(1).default('http://esia.gosuslugi.ru/'),
  }),
  esiaClientId: entry({
    env: 'ESIA_CLIENT_ID',
    description: `Mnemonic of this system registered at ESIA (the demo emulator knows ${DEMO_ESIA_CLIENT_ID})`,
    defaultText: DEMO_ESIA_CLIENT_ID,
    unsafeDefaultInProduction: true,
    schema: z.string().min(1).default(DEMO_ESIA_CLIENT_ID),
  }),
  esiaClientKeyFile: entry({
    env: 'ESIA_CLIENT_KEY_FILE',
    description: 'PKCS#8 PEM of the GOST 2012/256 client key (engine, js and openssl-cli signers)',
    defaultText: 'config/dev-keys/client.key.pem',
    unsafeDefaultInProduction: true,
    schema: z.string().min(1).default('config/dev-keys/client.key.pem'),
  }),
  esiaClientCertFile: entry({
    env: 'ESIA_CLIENT_CERT_FILE',
    description:
      'PEM of the client certificate registered at ESIA (its Streebog hash is client_certificate_hash)',
    defaultText: 'config/dev-keys/client.crt.pem',
    unsafeDefaultInProduction: true,
    schema: z.string().min(1).default('config/dev-keys/client.crt.pem'),
  }),
  esiaSigner: entry({
    env: 'ESIA_SIGNER',
    description:
      'auto (gost-engine, else the JavaScript fallback), engine, openssl-cli, remote or js (development only)',
    defaultText: 'auto',
    schema: z.enum(['auto', 'engine', 'openssl-cli', 'remote', 'js']).default('auto'),
  }),
  esiaSignerUrl: entry({
    env: 'ESIA_SIGNER_URL',
    description: 'Base URL of the remote signing service (ESIA_SIGNER=remote)',
    schema: url(['http:', 'https:']).optional(),
  }),
  esiaSignerKeyId: entry({
    env: 'ESIA_SIGNER_KEY_ID',
    description: 'Key the remote signing service signs with',
    schema: z.string().min(1).optional(),
  }),
  esiaSignerClientId: entry({
    env: 'ESIA_SIGNER_CLIENT_ID',
    description: 'Our identity at the remote signing service',
    schema: z.string().min(1).optional(),
  }),
  esiaSignerSecret: entry({
    env: 'ESIA_SIGNER_SECRET',
    description: 'HMAC secret shared with the remote signing service',
    schema: z.string().min(16).optional(),
  }),
  esiaCertificateFiles: entry({
    env: 'ESIA_CERTIFICATE_FILES',
    description:
      "Comma-separated PEM files of ESIA's token certificates; list the old and the new one during a rotation",
    defaultText: 'the demo emulator certificates',
    unsafeDefaultInProduction: true,
    schema: z
      .string()
      .default(
        'emulators/fixtures/keys/esia-gost-2026.crt.pem,emulators/fixtures/keys/esia-gost-2027.crt.pem,emulators/fixtures/keys/esia-rsa-2026.crt.pem',
      )
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length > 0, { message: 'at least one certificate file' }),
  }),
  esiaScopes: entry({
    env: 'ESIA_SCOPES',
    description:
      'Space-separated scopes requested: by default only what the flows read (README, ESIA settings); each must be approved for the client at ESIA',
    defaultText: DEFAULT_ESIA_SCOPES,
    schema: z
      .string()
      .default(DEFAULT_ESIA_SCOPES)
      .transform((v) => v.trim().split(/\s+/).join(' '))
      .refine((v) => v.split(' ').includes('openid'), { message: 'must include openid' }),
  }),
  esiaAccessType: entry({
    env: 'ESIA_ACCESS_TYPE',
    description: 'online (no refresh token) or offline',
    defaultText: 'online',
    schema: z.enum(['online', 'offline']).default('online'),
  }),
  esiaTokenAlg: entry({
    env: 'ESIA_TOKEN_ALG',
    description: "Algorithm ESIA signs this client's tokens with; any other is refused",
    defaultText: 'GOST3410_2012_256',
    schema: z.enum(['GOST3410_2012_256', 'RS256']).default('GOST3410_2012_256'),
  }),
  esiaTimeoutMs: entry({
    env: 'ESIA_TIMEOUT_MS',
    description: 'Bound on one HTTP request to ESIA (token exchange, person data)',
    defaultText: '5000',
    schema: positiveInt.max(60000).default(5000),
  }),
  oidcIssuer: entry({
    env: 'OIDC_ISSUER',
    description:
      'Exact issuer of one plain OpenID Connect provider (a regional IdP that brokers ESIA); absent: OIDC sign-in is off',
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcClientId: entry({
    env: 'OIDC_CLIENT_ID',
    description: 'Client id registered at the OIDC provider (with OIDC_ISSUER)',
    schema: z.string().min(1).optional(),
  }),
  oidcClientSecret: entry({
    env: 'OIDC_CLIENT_SECRET',
    description: 'Client secret at the OIDC provider, sent as client_secret_post (with OIDC_ISSUER)',
    schema: z.string().min(1).optional(),
  }),
  oidcScopes: entry({
    env: 'OIDC_SCOPES',
    description: 'Space-separated scopes requested from the OIDC provider (openid is always sent)',
    defaultText: 'openid profile',
    schema: z
      .string()
      .default('openid profile')
      .transform((v) =>
        v
          .trim()
          .split(/\s+/)
          .filter((s) => s && s !== 'openid'),
      ),
  }),
  oidcDiscovery: entry({
    env: 'OIDC_DISCOVERY',
    description:
      "Read the provider's endpoints from <issuer>/.well-known/openid-configuration at start (false: give the three URLs)",
    defaultText: 'true',
    schema: bool.default(true),
  }),
  oidcAuthorizationUrl: entry({
    env: 'OIDC_AUTHORIZATION_URL',
    description: "The provider's authorization endpoint; overrides discovery",
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcTokenUrl: entry({
    env: 'OIDC_TOKEN_URL',
    description: "The provider's token endpoint; overrides discovery",
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcJwksUri: entry({
    env: 'OIDC_JWKS_URI',
    description: "The provider's JWKS address (ID token keys); overrides discovery",
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcIdTokenAlgs: entry({
    env: 'OIDC_ID_TOKEN_ALGS',
    description: 'Comma-separated ID token algorithms accepted (asymmetric only; none is never accepted)',
    defaultText: 'RS256,PS256,ES256',
    schema: z
      .string()
      .default('RS256,PS256,ES256')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.length > 0 && list.every((a) => (ASYMMETRIC_ALGS as readonly string[]).includes(a)),
        {
          message: `expected a list of ${ASYMMETRIC_ALGS.join(', ')}`,
        },
      ),
  }),
  oidcTimeoutMs: entry({
    env: 'OIDC_TIMEOUT_MS',
    description: 'Bound on one HTTP request to the OIDC provider (discovery, token, JWKS)',
    defaultText: '5000',
    schema: positiveInt.max(60000).default(5000),
  }),
  oidcJwksCooldownMs: entry({
    env: 'OIDC_JWKS_COOLDOWN_MS',
    description: 'Least time between two JWKS fetches; an unknown kid fetches again once it has passed',
    defaultText: '30000',
    schema: z.coerce.number().int().min(0).max(3600000).default(30000),
  }),
} as const;

type Entries = typeof configEntries;
type Parsed = { [K in keyof Entries]: Entries[K] extends Entry<infer T> ? T : never };

/** The validated configuration, with the values that depend on others worked out. */
export type Config = Omit<Parsed, 'publicUrl' | 'emulators'> & {
  publicUrl: string;
  emulators: boolean;
  /** True when users reach the gateway over https: Secure __Host- cookies, HSTS. */
  behindTls: boolean;
  /** Development keys or secrets in use: said loudly at start. */
  unsafeDefaults: string[];
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads a file named in configuration (relative to the project root); undefined when it cannot be read. */
export type ConfigFileReader = (path: string) => string | undefined;

const readConfiguredFile: ConfigFileReader = (path) => {
  try {
    return readFileSync(fromRoot(path), 'utf8');
  } catch {
    return undefined; // The step that uses the file says what is wrong with it.
  }
};

/**
 * Validates every variable and returns all problems at once, one line each, naming the variable. In
 * production it also reads the key and certificate files to refuse the ones the repository ships.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  options: { readFile?: ConfigFileReader } = {},
): ConfigResult {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  const unsafeDefaults: string[] = [];
  for (const [key, e] of Object.entries(configEntries) as [string, Entry<unknown>][]) {
    const raw = env[e.env];
    const value = raw === undefined || raw === '' ? undefined : raw;
    const result = e.schema.safeParse(value);
    if (!result.success) {
      const why = result.error.issues.map((i) => i.message).join(', ');
      problems.push(`${e.env}: ${value === undefined ? 'missing' : 'invalid'}: ${why}`);
      continue;
    }
    parsed[key] = result.data;
    if (value === undefined && e.unsafeDefaultInProduction) unsafeDefaults.push(e.env);
  }
  if (problems.length) return { ok: false, problems };

  const p = parsed as Parsed;
  const production = p.nodeEnv === 'production';
  const emulators = p.emulators ?? !production;
  if (production) {
    for (const name of unsafeDefaults) problems.push(`${name}: missing: production needs a real value`);
    if (!p.databaseUrl) problems.push('DATABASE_URL: missing: production refuses the embedded PostgreSQL');
    if (!p.redisUrl && p.redisMode === 'standalone')
      problems.push('REDIS_URL: missing: production refuses the in-process store');
    if (emulators) problems.push('EMULATORS: invalid: production refuses the emulators');
    if (!p.publicUrl) problems.push('PUBLIC_URL: missing: production needs the public https address');
    const given = (name: string) => !unsafeDefaults.includes(name);
    problems.push(...demoMaterialProblems(p, given, options.readFile ?? readConfiguredFile));
  }
  if (p.esiaSigner === 'remote')
    for (const [name, value] of [
      ['ESIA_SIGNER_URL', p.esiaSignerUrl],
      ['ESIA_SIGNER_KEY_ID', p.esiaSignerKeyId],
      ['ESIA_SIGNER_CLIENT_ID', p.esiaSignerClientId],
      ['ESIA_SIGNER_SECRET', p.esiaSignerSecret],
    ] as const)
      if (!value) problems.push(`${name}: missing: ESIA_SIGNER=remote needs it`);
  if (production && p.esiaSigner === 'js')
    problems.push('ESIA_SIGNER: invalid: production refuses the JavaScript signer');
  if (p.redisMode === 'sentinel' && !p.redisSentinels)
    problems.push('REDIS_SENTINELS: missing: REDIS_MODE=sentinel needs the sentinel nodes');
  if (p.redisMode === 'cluster' && !p.redisClusterNodes)
    problems.push('REDIS_CLUSTER_NODES: missing: REDIS_MODE=cluster needs the seed nodes');
  problems.push(...oidcProblems(p, production));
  if (problems.length) return { ok: false, problems };

  const publicUrl = (p.publicUrl ?? `http://localhost:${p.port}`).replace(/\/+$/, '');
  return {
    ok: true,
    config: {
      ...p,
      publicUrl,
      emulators,
      behindTls: publicUrl.startsWith('https:'),
      unsafeDefaults,
    },
  };
}

/**
 * Production refuses demo material by value, whether defaulted or written out: the development secrets and
 * keys, the keys and certificates the repository ships (by fingerprint, wherever the file lies), the demo
 * ESIA client, and plain-http or loopback addresses. Variables left unset are already refused as missing.
 */
function demoMaterialProblems(p: Parsed, given: (name: string) => boolean, readFile: ConfigFileReader) {
  const problems: string[] = [];
  const devValue =
    'invalid: production refuses the development value (it is in the source for anyone to read)';
  if (given('SESSION_SECRET') && p.sessionSecret.includes(DEV_SECRET))
    problems.push(`SESSION_SECRET: ${devValue}`);
  for (const [name, key] of [
    ['PII_HMAC_KEY', p.piiHmacKey],
    ['PII_ENCRYPTION_KEY', p.piiEncryptionKey],
    ['CREDENTIAL_ENCRYPTION_KEY', p.credentialEncryptionKey],
  ] as const)
    if (given(name) && key.equals(DEV_KEY_BYTES)) problems.push(`${name}: ${devValue}`);
  if (given('ESIA_CLIENT_ID') && p.esiaClientId === DEMO_ESIA_CLIENT_ID)
    problems.push(
      `ESIA_CLIENT_ID: invalid: ${DEMO_ESIA_CLIENT_ID} is the demo emulator's client; production needs the mnemonic registered at ESIA`,
    );
  const shipped = (files: readonly string[]) =>
    files.filter((file) => {
      const text = readFile(file);
      return text !== undefined && holdsShippedKey(text);
    });
  for (const [name, files] of [
    ['ESIA_CLIENT_KEY_FILE', [p.esiaClientKeyFile]],
    ['ESIA_CLIENT_CERT_FILE', [p.esiaClientCertFile]],
    ['ESIA_CERTIFICATE_FILES', p.esiaCertificateFiles],
  ] as const) {
    const found = given(name) ? shipped(files) : [];
    if (found.length)
      problems.push(
        `${name}: invalid: ${found.join(', ')} ${found.length > 1 ? 'hold' : 'holds'} a key or certificate that the repository ships (development only, public)`,
      );
  }
  for (const [name, value] of [
    ['PUBLIC_URL', p.publicUrl],
    ['ESIA_BASE_URL', given('ESIA_BASE_URL') ? p.esiaBaseUrl : undefined],
  ] as const) {
    if (!value) continue;
    const address = new URL(value);
    const why = [
      address.protocol === 'https:' ? '' : 'not https',
      isLoopback(address.hostname) ? `loopback (${address.hostname})` : '',
    ].filter(Boolean);
    if (why.length)
      problems.push(`${name}: invalid: ${why.join(' and ')}: production needs a public https address`);
  }
  return problems;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addSubnet('0.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addAddress('::', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** This machine's own addresses, as a URL's hostname spells them (WHATWG has already normalised 127.1 etc.). */
function isLoopback(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && LOOPBACK.check(host, isIPv6(host) ? 'ipv6' : 'ipv4');
}

/** The optional OIDC provider: complete when OIDC_ISSUER is set, https in production. */
function oidcProblems(p: Parsed, production: boolean): string[] {
  if (!p.oidcIssuer) return [];
  const problems: string[] = [];
  for (const [name, value] of [
    ['OIDC_CLIENT_ID', p.oidcClientId],
    ['OIDC_CLIENT_SECRET', p.oidcClientSecret],
  ] as const)
    if (!value) problems.push(`${name}: missing: OIDC_ISSUER needs it`);
  if (!p.oidcDiscovery)
    for (const [name, value] of [
      ['OIDC_AUTHORIZATION_URL', p.oidcAuthorizationUrl],
      ['OIDC_TOKEN_URL', p.oidcTokenUrl],
      ['OIDC_JWKS_URI', p.oidcJwksUri],
    ] as const)
      if (!value) problems.push(`${name}: missing: OIDC_DISCOVERY=false needs it`);
  if (production && !p.oidcIssuer.startsWith('https:'))
    problems.push('OIDC_ISSUER: invalid: production needs an https issuer');
  return problems;
}

/** The configuration reference as a Markdown table: what the README carries between its markers. */
export function renderConfigReference(): string {
  const rows = Object.values(configEntries).map((e: Entry<unknown>) => {
    const def = e.defaultText === undefined ? '' : `\`${e.defaultText}\``;
    return `| \`${e.env}\` | ${def} | ${e.description} |`;
  });
  return ['| variable | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
