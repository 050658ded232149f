/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/log-capture/capture.setup.ts'],
  // Every run captures all logs and, once all suites are done, fails if a secret or SNILS is in them
  // (test/support/log-capture/; LOG_CAPTURE=0 turns it off).
  globalSetup: '<rootDir>/test/support/log-capture/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/log-capture/global-teardown.ts',
  testTimeout: 30000,
  // Two cores: more workers than that only fight over CPU and make timing-sensitive suites flaky.
  maxWorkers: 2,
};
