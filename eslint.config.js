// Lint rules; the layer rules (what each layer may import, no cycles) are in .dependency-cruiser.cjs (npm run lint:layers).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { defineConfig } = require('eslint/config');

const FRAMEWORKS = [
  'express',
  'express-session',
  'passport',
  'passport-openidconnect',
  'typeorm',
  'ioredis',
  'pg',
  'helmet',
  'pino',
  'prom-client',
];

module.exports = defineConfig(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: FRAMEWORKS.map((name) => ({ name, message: 'src/core is pure: no frameworks or I/O' })) },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'emulators/**/main.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
