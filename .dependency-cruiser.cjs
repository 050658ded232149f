/**
 * The layers of docs/architecture.md, enforced by `npm run lint` (issue 20). Arrows point one way:
 *
 *   composition (main, gateway, app, *-feature, cli) → http, provider → services
 *     → esia, oidc, sign-in, store, cache, adapters → core
 *
 * What any layer may read: the configuration (src/config/), which reads no layer itself, and the
 * primitives (src/crypto/: sealing and pseudonyms; src/logger.ts, src/paths.ts, src/demo-material.ts).
 * test/unit/architecture.test.ts keeps only what this tool cannot say (no vendor named in src/, the core free of
 * frameworks and I/O).
 */
const INFRASTRUCTURE = '^src/(esia|oidc|sign-in|store|cache)/';
const SHARED = ['^src/config/', '^src/crypto/', '^src/(logger|paths|demo-material)\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: load order decides which half sees the other undefined.',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'src/core is the pure domain: it imports only itself; no framework, no Node built-in, no I/O.',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/'] },
    },
    {
      name: 'infrastructure-points-to-core',
      severity: 'error',
      comment:
        'esia, oidc, sign-in, store and cache implement the core’s ports: they may use the core, each other’s ' +
        'primitives and the logger, never the services, http, the provider or the composition root above them.',
      from: { path: INFRASTRUCTURE },
      to: {
        path: '^src/',
        pathNot: ['^src/(core|esia|oidc|sign-in|store|cache)/', ...SHARED],
      },
    },
    {
      name: 'adapters-point-to-core',
      severity: 'error',
      comment: 'A vendor adapter sees the contract, the core and the logger; nothing else of the gateway.',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: ['^src/core/', ...SHARED] },
    },
    {
      name: 'services-below-http',
      severity: 'error',
      comment: 'The use cases do not know HTTP, the provider or the composition root.',
      from: { path: '^src/services/' },
      to: {
        path: '^src/(http|provider)/|^src/(app|gateway|main|journeys-feature|person-data-feature)\\.ts$',
      },
    },
    {
      name: 'primitives-are-leaves',
      severity: 'error',
      comment: 'What every layer may use uses no layer (the core aside).',
      from: { path: '^src/crypto/' },
      to: { path: '^src/', pathNot: ['^src/(core|crypto)/'] },
    },
    {
      name: 'config-is-a-leaf',
      severity: 'error',
      comment: 'The configuration is read by every layer, so it reads none of them (the core’s rules aside).',
      from: { path: '^src/config/' },
      to: {
        path: '^src/',
        pathNot: ['^src/config/', '^src/core/', '^src/(paths|demo-material)\\.ts$'],
      },
    },
    {
      name: 'emulators-never-import-the-gateway',
      severity: 'error',
      comment:
        'The emulators are written from the protocol, not from our client: one mistake cannot pass both.',
      from: { path: '^emulators/' },
      to: { path: '^(src|adapters)/' },
    },
    {
      name: 'the-gateway-never-imports-emulators',
      severity: 'error',
      comment:
        'Development doubles stay out of the product; src/ and adapters/ run without emulators/. The one ' +
        'exception is the composition root, src/main.ts, which starts the demo’s outside world when ' +
        'EMULATORS is on (never in production: the configuration refuses it).',
      from: { path: '^(src|adapters)/', pathNot: '^src/main\\.ts$' },
      to: { path: '^emulators/' },
    },
    {
      name: 'the-product-never-imports-tests',
      severity: 'error',
      comment: 'test/ holds harnesses and fixtures; nothing that ships may need them.',
      from: { path: '^(src|adapters|emulators|migrations)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test-results|coverage|\\.data)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
