import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configEntries } from '../../src/config';

// No Docker engine runs on these machines, so the Dockerfile and compose file are checked by reading them.
const root = join(__dirname, '../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const knownVariables = new Set(Object.values(configEntries).map((e) => e.env));

/** Dockerfile instructions with their continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = instructions
  .join('\n')
  .split(/^FROM /m)
  .slice(1);
const runtime = stages[stages.length - 1]!;

describe('Dockerfile', () => {
  it('is multi-stage, installs from the lock with npm ci, and its runtime has only production dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).not.toMatch(/npm install/);
    expect(runtime).not.toMatch(/npm ci(?! --omit=dev)/);
  });

  it('runs as a non-root user with a health check on /healthz', () => {
    expect(runtime).toMatch(/^USER (?!root)\w+/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/healthz/m);
  });

  it('has openssl GOST engine on a Debian base and the engine configuration set before Node starts', () => {
    expect(runtime).toMatch(/bookworm/);
    expect(runtime).toMatch(/apt-get install .*libengine-gost-openssl/);
    expect(runtime).toMatch(/OPENSSL_CONF=\/app\/config\/openssl-gost\.cnf/);
  });

  it('starts the same entry point as npm start', () => {
    const start = String(pkg.scripts.start).match(/(dist\/\S+\.js)/)?.[1];
    expect(start).toBeDefined();
    expect(runtime).toContain(`"${start}"`);
  });

  it('sets only variables the configuration schema knows', () => {
    const env = runtime.match(/^ENV (.*)$/m)?.[1] ?? '';
    const names = [...env.matchAll(/(\w+)=/g)].map((m) => m[1]!);
    expect(names.filter((n) => n !== 'OPENSSL_CONF' && !knownVariables.has(n))).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));

  it('runs the gateway with PostgreSQL and Redis, started only once they are healthy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'postgres', 'redis']);
    expect(compose.services.gateway.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.gateway.depends_on.redis.condition).toBe('service_healthy');
    expect(compose.services.postgres.healthcheck).toBeDefined();
    expect(compose.services.redis.healthcheck).toBeDefined();
  });

  it('gives the gateway a production configuration made only of known variables', () => {
    const env = compose.services.gateway.environment as Record<string, string>;
    expect(env['NODE_ENV']).toBe('production');
    expect(Object.keys(env).filter((n) => !knownVariables.has(n))).toEqual([]);
    for (const required of [
      'DATABASE_URL',
      'REDIS_URL',
      'SESSION_SECRET',
      'PII_HMAC_KEY',
      'PII_ENCRYPTION_KEY',
      'PUBLIC_URL',
    ])
      expect(env).toHaveProperty(required);
  });
});
