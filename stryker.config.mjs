// @ts-check
/**
 * Mutation testing of the domain core and of the use cases that carry its rules (issue 23): `npm run
 * test:mutation`; README § Mutation testing says how to read the report (test-results/mutation/index.html).
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * Equivalent mutants: changes no test can notice because the behaviour stays the same. One line each: the file,
 * the exact source of the expression (every mutant inside it is set aside), why, and, where the expression's
 * text alone could match elsewhere later, the exact source of its statement. The report lists them as Ignored
 * with the reason. Anything else that survives is a rule no test pins: pin it with a test.
 */
// prettier-ignore
const EQUIVALENT = [
  ['src/core/snils.ts', 'sum <= 101', 'sums of 100 and 101 give 00 through the remainder below as well; the line keeps the rule as DESIGN §6 writes it'],
  ['src/core/policy.ts', 'compareLocalDates(announced, byWarnDays) > 0', '`>= 0` changes nothing: on the same date both answers are that date (the other mutants of this comparison, which the early-announce-date test kills, are set aside with it)'],
  ['src/core/local-date.ts', '/^[A-Za-z]/', 'without `^` the same names pass: Intl knows no zone whose name has a letter but does not start with one (`[^A-Za-z]`, which the zone tests kill, goes with it)'],
  ['src/core/local-date.ts', 'offsetAt(from + MS_PER_DAY / 2) !== offset', 'both ends of the day already have its offset; only a change and back within one day (no zone has one) could show here, and probing elsewhere only forgets more days'],
  ['src/core/local-date.ts', 'currentDays.size >= 1000', 'a bound on memory: clearing sooner, later or never changes no answer'],
  ['src/core/local-date.ts', 'midnights.size >= 10_000', 'a bound on memory: clearing sooner, later or never changes no answer'],
  ["src/services/access-requests.use-case.ts", "'.'", 'the form is flat: every issue path has one segment, so the separator never shows'],
];

/** The ignorer that sets the mutants above aside, by file and source text (so that it follows the code as it moves). */
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'equivalent-mutants', {
    shouldIgnore(nodePath) {
      const { node, hub } = /** @type {any} */ (nodePath);
      const file = hub?.file;
      if (!file || typeof node.start !== 'number') return undefined;
      const name = String(file.opts.filename ?? '').replaceAll('\\', '/');
      const text = file.code.slice(node.start, node.end);
      const hit = EQUIVALENT.find(([f, code]) => name.endsWith(f) && code === text);
      if (!hit) return undefined;
      const statement = /** @type {any} */ (nodePath).getStatementParent()?.node;
      if (hit[3] && (!statement || file.code.slice(statement.start, statement.end) !== hit[3]))
        return undefined;
      return `equivalent: ${hit[2]}`;
    },
  }),
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      // Unit suites with in-memory ports only: no PostgreSQL, Redis or vendor is needed to pin a rule. (Not
      // Stryker's testFiles option: with it, 9.6.1 runs no test at all for a mutant in code run at load time.)
      testMatch: [
        '<rootDir>/test/unit/{activity,age,birth-date,clock,errors,local-date,personal-records.port,policy,policy-errors,policy-settings,policy-validation,shared-store-records,snils}.test.ts',
        '<rootDir>/test/unit/{password-decision,access-requests,link-account,esia-login}.use-case.test.ts',
      ],
      // The log capture's global setup and scan are for whole `npm test` runs; these suites log nothing.
      globalSetup: undefined,
      globalTeardown: undefined,
    },
  },
  mutate: [
    'src/core/**/*.ts',
    'src/services/password-decision.use-case.ts',
    'src/services/access-requests.use-case.ts',
    'src/services/link-account.use-case.ts',
    'src/services/esia-login.use-case.ts',
  ],
  plugins: ['@stryker-mutator/*', './stryker.config.mjs'],
  ignorers: ['equivalent-mutants'],
  coverageAnalysis: 'perTest',
  // Two cores, shared with others' runs: one runner per core (`--concurrency 1` when iterating beside others).
  concurrency: 2,
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: 'test-results/stryker-tmp',
  ignorePatterns: ['dist', '.data', 'test-results', 'coverage', 'docs', 'public'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  clearTextReporter: { reportTests: false, reportMutants: true, reportScoreTable: true },
};
