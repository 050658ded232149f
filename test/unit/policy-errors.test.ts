import { type AppError, isAppError } from '../../src/core/errors';
import {
  OperatorForbiddenError,
  OperatorUnauthenticatedError,
  OpsNotFoundError,
  PolicyInvalidError,
  PolicyRequiredError,
  RegionNotFoundError,
  UnknownRegionError,
} from '../../src/core/policy.errors';

// The console, the ops API's clients and the CLI key on these codes and statuses: each is written out here.
// Errors are made inside the tests, so each test is known to reach the code it checks.
const CASES: Array<[string, () => AppError, string, number]> = [
  [
    'PolicyInvalidError',
    () => new PolicyInvalidError([{ field: 'mode', code: 'unknown_mode', message: 'x' }]),
    'policy_invalid',
    422,
  ],
  ['PolicyRequiredError', () => new PolicyRequiredError(), 'policy_required', 409],
  ['OpsNotFoundError', () => new OpsNotFoundError(), 'not_found', 404],
  ['OperatorUnauthenticatedError', () => new OperatorUnauthenticatedError(), 'operator_unauthenticated', 401],
  ['OperatorForbiddenError', () => new OperatorForbiddenError(), 'operator_forbidden', 403],
  ['UnknownRegionError', () => new UnknownRegionError(['99']), 'unknown_region', 422],
  ['RegionNotFoundError', () => new RegionNotFoundError('99', ['86']), 'region_not_found', 404],
];

// Every message but the CLI's, which names regions and the tenants file (its exact text is written out below).
const FIXED_TEXT = CASES.filter(([name]) => name !== 'RegionNotFoundError');

describe('the policy and the ops console refuse with typed errors', () => {
  it.each(CASES)('%s has its stable code and HTTP status', (name, make, code, status) => {
    const error = make();
    expect(isAppError(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it.each(FIXED_TEXT)(
    '%s tells the operator what happened in Russian, and in English for the en pages',
    (_, make) => {
      const error = make();
      expect(error.userMessage.ru).toMatch(/^[А-ЯЁ][а-яёА-ЯЁ\s,:.«»()-]+\.$/u);
      expect(error.userMessage.en).toMatch(/^[A-Z][A-Za-z\s,:.'()-]+\.$/);
    },
  );

  it('an invalid policy keeps every problem and logs their fields and codes, never the values', () => {
    const problems = [
      { field: 'cutoverDate', code: 'invalid_date', message: 'expected a date YYYY-MM-DD' },
      { field: 'roles', code: 'unknown_role', message: 'roles are among student, parent' },
    ];
    const error = new PolicyInvalidError(problems);
    expect(error.problems).toBe(problems);
    expect(error.message).toBe('cutoverDate: invalid_date; roles: unknown_role');
  });

  it('unknown regions are quoted in the log line, or said to be none', () => {
    const error = new UnknownRegionError(['99', 'x y']);
    expect(error.regions).toEqual(['99', 'x y']);
    expect(error.message).toBe('unknown region: "99", "x y"');
    expect(new UnknownRegionError([]).message).toBe('unknown region: (none given)');
  });

  it('the CLI names the missing region and lists the ones it knows, in both languages', () => {
    const error = new RegionNotFoundError('99', ['86', '89']);
    expect(error.message).toBe('no region 99');
    expect(error.userMessage).toEqual({
      ru: 'Региона с кодом «99» нет в настройках шлюза (config/tenants.json). Известные регионы: 86, 89.',
      en: 'There is no region "99" in the gateway\'s configuration (config/tenants.json). Known regions: 86, 89.',
    });
  });

  it('the CLI says so when the gateway knows no region at all', () => {
    expect(new RegionNotFoundError('86', []).userMessage).toEqual({
      ru: 'Региона с кодом «86» нет в настройках шлюза (config/tenants.json). Известные регионы: нет ни одного.',
      en: 'There is no region "86" in the gateway\'s configuration (config/tenants.json). Known regions: none.',
    });
  });
});
