import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configEntries } from '../../src/config';

// No Docker engine runs on these machines, so the Dockerfile and compose file are checked by reading them.
const root = join(__dirname, '../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const fetchNode24 = readFileSync(join(root, 'scripts/fetch-node-24.sh'), 'utf8');
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

  it('gives every npm ci the patches its postinstall applies (patches/, patch-package)', () => {
    expect(pkg.scripts.postinstall).toBe('patch-package');
    expect(pkg.dependencies['patch-package']).toBeDefined();
    const installing = stages.filter((stage) => /npm ci/.test(stage));
    expect(installing.length).toBeGreaterThanOrEqual(2);
    for (const stage of installing) {
      const copied = stage.indexOf('COPY patches ./patches');
      expect(copied).toBeGreaterThan(-1);
      expect(copied).toBeLessThan(stage.indexOf('npm ci'));
    }
  });

  it('builds and runs every stage on Node.js 24 LTS, the major CI fetches and package.json names', () => {
    const bases = stages.map((stage) => stage.split(/\s+/)[0]);
    expect(bases).toEqual(stages.map(() => 'node:24-bookworm-slim'));
    const ciNode = /version="\$\{NODE24_VERSION:-(\d+)\.\d+\.\d+\}"/.exec(fetchNode24)?.[1];
    expect(ciNode).toBe('24');
    expect(
      String(pkg.engines.node)
        .split('||')
        .map((range) => range.trim()),
    ).toContain('^24.0.0');
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

  it('starts the same entry point as npm start, with the same node flags', () => {
    const start = String(pkg.scripts.start).match(/node((?: --[\w-]+=\S+)*) (dist\/\S+\.js)$/);
    expect(start).not.toBeNull();
    const flags = start![1]!.trim().split(' ').filter(Boolean);
    // The young generation's size is one of them (README "Memory"); V8 reads it only at start.
    expect(flags).toContain('--max-semi-space-size=16');
    expect(runtime).toContain(`CMD ${JSON.stringify(['node', ...flags, start![2]]).replace(/,/g, ', ')}`);
  });

  it('sets only variables the configuration schema knows', () => {
    const env = runtime.match(/^ENV (.*)$/m)?.[1] ?? '';
    const names = [...env.matchAll(/(\w+)=/g)].map((m) => m[1]!);
    expect(names.filter((n) => n !== 'OPENSSL_CONF' && !knownVariables.has(n))).toEqual([]);
  });
});

/** Development material that must never be in the production image (issue 17). */
const DEMO_PATHS = [
  'config/dev-keys',
  'config/demo-vendor-credentials.json',
  'emulators/fixtures/keys',
  'dist/emulators',
];
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim().replace(/^\/+|\/+$/g, ''))
  .filter((l) => l && !l.startsWith('#'));
const within = (path: string, folder: string) =>
  folder === '.' || path === folder || path.startsWith(`${folder}/`);
const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
/** True when .dockerignore (or the `patterns` given) keeps `path` out of the build context. */
const ignoredByContext = (path: string, patterns: readonly string[] = ignored) =>
  patterns.some((p) => glob(p).test(path));

/** The repository paths a runtime `COPY` brings in; `--from=build` sources are /app paths of the build stage. */
function copySources(instruction: string): Array<{ from: string | null; path: string }> {
  const words = instruction.split(/\s+/).slice(1);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
  const paths = words.filter((w) => !w.startsWith('--')).slice(0, -1);
  return paths.map((p) => ({
    from,
    path:
      p
        .replace(/^\/app\/?/, '')
        .replace(/^\.\/?/, '')
        .replace(/\/+$/, '') || '.',
  }));
}

/** The demo paths that `COPY` lines would put into the image (the build stage holds the whole context + dist/). */
function demoMaterialCopied(copyLines: readonly string[], ignore: readonly string[] = ignored): string[] {
  return copyLines.flatMap((line) =>
    copySources(line).flatMap(({ from, path }) =>
      from === 'prod-deps'
        ? []
        : DEMO_PATHS.filter(
            (demo) =>
              (within(demo, path) || within(path, demo)) &&
              (demo.startsWith('dist/') || !ignoredByContext(demo, ignore)),
          ).map((demo) => `${line} -> ${demo}`),
    ),
  );
}

describe('what the production image holds', () => {
  const runtimeCopies = runtime.split('\n').filter((l) => /^COPY\s/.test(l));

  it('the runtime stage copies neither the compiled emulators nor any development key or demo credential', () => {
    expect(runtimeCopies.length).toBeGreaterThan(0);
    expect(demoMaterialCopied(runtimeCopies)).toEqual([]);
  });

  it('the check would catch copying config/ or dist/ whole (the lines the image had before)', () => {
    const before = ['node_modules', 'dist', '.data', '.git', 'coverage', 'test-results', '*.log', '.env'];
    expect(demoMaterialCopied(['COPY config ./config'], before)).toEqual([
      'COPY config ./config -> config/dev-keys',
      'COPY config ./config -> config/demo-vendor-credentials.json',
    ]);
    expect(demoMaterialCopied(['COPY --from=build /app/dist ./dist'], before)).toEqual([
      'COPY --from=build /app/dist ./dist -> dist/emulators',
    ]);
    expect(demoMaterialCopied(['COPY . .'], before)).toHaveLength(4);
    expect(demoMaterialCopied(['COPY --from=build /app ./'])).toEqual([
      'COPY --from=build /app ./ -> dist/emulators',
    ]);
  });

  it('.dockerignore keeps the development keys and demo credentials out of the build context', () => {
    for (const path of DEMO_PATHS.filter((p) => !p.startsWith('dist/'))) {
      expect([path, ignoredByContext(path)]).toEqual([path, true]);
    }
    expect(ignoredByContext('config/dev-keys/client.key.pem')).toBe(true);
    expect(ignoredByContext('emulators/fixtures/keys/esia-gost-2026.key.pem')).toBe(true);
    expect(ignoredByContext('config/openssl-gost.cnf')).toBe(false);
    expect(ignoredByContext('emulators/esia/main.ts')).toBe(false);
  });

  it('the runtime still has what it runs: the compiled gateway, its migrations and the GOST engine configuration', () => {
    const copied = runtimeCopies.flatMap((l) => copySources(l).map((s) => s.path));
    expect(copied).toEqual(expect.arrayContaining(['dist/src', 'dist/adapters', 'dist/migrations']));
    expect(copied).toContain('config/openssl-gost.cnf');
    expect(copied).not.toContain('config');
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
