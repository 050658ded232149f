import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, renderConfigReference } from '../../src/config';

const problemsOf = (env: Record<string, string>) => {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.problems;
};

describe('configuration', () => {
  it('starts with no variables at all: the embedded development defaults', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(3000);
    expect(result.config.publicUrl).toBe('http://localhost:3000');
    expect(result.config.emulators).toBe(true);
    expect(result.config.behindTls).toBe(false);
    expect(result.config.unsafeDefaults).toEqual(
      expect.arrayContaining([
        'SESSION_SECRET',
        'PII_HMAC_KEY',
        'PII_ENCRYPTION_KEY',
        'ESIA_CLIENT_KEY_FILE',
      ]),
    );
  });

  it('names the variable and what is wrong, one line per problem', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^PORT: invalid: /);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toMatch(/invalid/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toMatch(/postgres/);
    for (const p of problems) expect(p).not.toMatch(/\n/);
  });

  it('refuses in production the embedded stores, the emulators and every development secret', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'REDIS_URL',
        'SESSION_SECRET',
        'PII_HMAC_KEY',
        'PII_ENCRYPTION_KEY',
        'PUBLIC_URL',
      ]),
    );
  });

  it('refuses the emulators in production even when asked for', () => {
    expect(problemsOf({ NODE_ENV: 'production', EMULATORS: 'true' })).toContain(
      'EMULATORS: invalid: production refuses the emulators',
    );
  });

  it('accepts a complete production configuration behind TLS', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const result = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://gw@db/gw',
      REDIS_URL: 'redis://cache:6379',
      SESSION_SECRET: 'x'.repeat(40),
      PII_HMAC_KEY: key,
      PII_ENCRYPTION_KEY: key,
      CREDENTIAL_ENCRYPTION_KEY: key,
      PUBLIC_URL: 'https://vhod.edu.example/',
      ESIA_BASE_URL: 'https://esia.gosuslugi.ru',
      ESIA_CLIENT_ID: 'EDU86',
      ESIA_CLIENT_KEY_FILE: '/run/secrets/esia-client.key.pem',
      ESIA_CLIENT_CERT_FILE: '/run/secrets/esia-client.crt.pem',
      ESIA_CERTIFICATE_FILES: '/run/secrets/esia-2026.crt.pem,/run/secrets/esia-2027.crt.pem',
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.ok && result.config.behindTls).toBe(true);
    expect(result.ok && result.config.emulators).toBe(false);
    expect(result.ok && result.config.publicUrl).toBe('https://vhod.edu.example');
  });

  it('needs the nodes for Sentinel and Cluster modes', () => {
    expect(problemsOf({ REDIS_MODE: 'sentinel' })).toEqual([
      'REDIS_SENTINELS: missing: REDIS_MODE=sentinel needs the sentinel nodes',
    ]);
    const ok = loadConfig({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'a:7000, b:7001' });
    expect(ok.ok && ok.config.redisClusterNodes).toEqual([
      { host: 'a', port: 7000 },
      { host: 'b', port: 7001 },
    ]);
    expect(problemsOf({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'a' })[0]).toMatch(
      /^REDIS_CLUSTER_NODES: invalid/,
    );
  });

  it('refuses short session secrets and keys of the wrong size', () => {
    const problems = problemsOf({ SESSION_SECRET: 'short', PII_HMAC_KEY: 'AAAA' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PII_HMAC_KEY', 'SESSION_SECRET']);
  });

  it('is documented in the README exactly as the schema says (npm run config:docs regenerates it)', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const between = readme.split('<!-- config:begin -->')[1]?.split('<!-- config:end -->')[0]?.trim();
    expect(between).toBe(renderConfigReference());
  });
});
