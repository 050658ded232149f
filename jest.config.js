/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // oidc-provider, openid-client and their jose/oauth4webapi are ESM-only; Jest's module system (below Node
    // 24.9) cannot require them, so their files are compiled to CommonJS here, in tests only (the gateway
    // itself loads them with Node's require(esm)). See docs/decisions/0012-openid-provider.md.
    '/node_modules/(oidc-provider|openid-client|oauth4webapi|jose)/.+\\.js$':
      '<rootDir>/test/support/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(oidc-provider|openid-client|oauth4webapi|jose)/)'],
  setupFiles: [
    'reflect-metadata',
    '<rootDir>/test/support/same-realm-structured-clone.js',
    '<rootDir>/test/support/log-capture/capture.setup.ts',
  ],
  // Every run captures all logs and, once all suites are done, fails if a secret or SNILS is in them
  // (test/support/log-capture/; LOG_CAPTURE=0 turns it off).
  globalSetup: '<rootDir>/test/support/log-capture/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/log-capture/global-teardown.ts',
  testTimeout: 30000,
  // Two cores: more workers than that only fight over CPU and make timing-sensitive suites flaky.
  maxWorkers: 2,
};
