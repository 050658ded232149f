import { compareLocalDates, isKnownTimeZone, isValidLocalDate } from './local-date';
import {
  POLICY_MODES,
  ROLES,
  type BypassWindow,
  type CutoverPolicy,
  type Exemption,
  type Role,
} from './policy.types';

/** One thing wrong with a policy: the field, a stable code for the console to translate, and plain words. */
export interface PolicyProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The minimum age an operator may set: an adult role is presumed to meet it, so it cannot exceed 18. */
export const MINIMUM_AGE_RANGE = { min: 0, max: 18 } as const;
/** The longest information window, as the policies table allows. */
export const MAX_WARN_DAYS = 366;

const isInstant = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());
const isText = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** Every problem of one bypass window; `field` prefixes the field names (`bypassWindows[2]`). */
export function validateBypassWindow(window: BypassWindow, field = 'bypassWindow'): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (name: string, code: string, message: string) =>
    problems.push({ field: `${field}.${name}`, code, message });
  if (!isInstant(window.startsAt)) add('startsAt', 'invalid_instant', 'start is not a valid instant');
  if (!isInstant(window.endsAt)) add('endsAt', 'invalid_instant', 'end is not a valid instant');
  else if (isInstant(window.startsAt) && window.endsAt.getTime() <= window.startsAt.getTime()) {
    add('endsAt', 'bypass_ends_before_start', 'a bypass window must end after it starts');
  }
  if (window.endedAt !== undefined && window.endedAt !== null && !isInstant(window.endedAt)) {
    add('endedAt', 'invalid_instant', 'early end is not a valid instant');
  }
  if (!isText(window.reason)) add('reason', 'reason_required', 'a bypass window needs a reason');
  return problems;
}

/** Every problem of one exemption. */
export function validateExemption(exemption: Exemption, field = 'exemption'): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (exemption.expiresAt !== null && !isInstant(exemption.expiresAt)) {
    problems.push({
      field: `${field}.expiresAt`,
      code: 'invalid_instant',
      message: 'expiry is not a valid instant',
    });
  }
  if (!isText(exemption.reason)) {
    problems.push({
      field: `${field}.reason`,
      code: 'reason_required',
      message: 'an exemption needs a reason',
    });
  }
  return problems;
}

/**
 * Every problem of a policy at once (empty: valid). Written defensively, since the input comes from forms and
 * JSON: a policy that passes can be saved and decided on without surprises.
 */
export function validatePolicy(policy: CutoverPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ field, code, message });

  if (typeof policy.timeZone !== 'string' || !isKnownTimeZone(policy.timeZone)) {
    add('timeZone', 'unknown_time_zone', 'not an IANA time zone name, such as Europe/Moscow');
  }
  if (!POLICY_MODES.includes(policy.mode))
    add('mode', 'unknown_mode', `mode is one of ${POLICY_MODES.join(', ')}`);

  const { announceDate, cutoverDate } = policy;
  const announceOk = announceDate === null || isValidLocalDate(announceDate);
  const cutoverOk = cutoverDate === null || isValidLocalDate(cutoverDate);
  if (!announceOk) add('announceDate', 'invalid_date', 'announce date is not a calendar date');
  if (!cutoverOk) add('cutoverDate', 'invalid_date', 'cutover date is not a calendar date');
  if (cutoverDate === null && policy.mode !== 'off') {
    add('cutoverDate', 'cutover_date_required', 'every mode but off needs a cutover date');
  }
  if (
    announceOk &&
    cutoverOk &&
    announceDate &&
    cutoverDate &&
    compareLocalDates(cutoverDate, announceDate) < 0
  ) {
    add('cutoverDate', 'cutover_before_announce', 'the cutover date cannot come before the announce date');
  }

  if (!Number.isInteger(policy.warnDays) || policy.warnDays < 0 || policy.warnDays > MAX_WARN_DAYS) {
    add('warnDays', 'out_of_range', `warning days are a whole number from 0 to ${MAX_WARN_DAYS}`);
  }
  const { min, max } = MINIMUM_AGE_RANGE;
  if (!Number.isInteger(policy.minimumAge) || policy.minimumAge < min || policy.minimumAge > max) {
    add('minimumAge', 'out_of_range', `minimum age is a whole number from ${min} to ${max}`);
  }

  const roles: readonly unknown[] = Array.isArray(policy.roles) ? policy.roles : [];
  if (roles.length === 0) add('roles', 'roles_required', 'the policy must apply to at least one role');
  if (roles.some((role) => !ROLES.includes(role as Role))) {
    add('roles', 'unknown_role', `roles are among ${ROLES.join(', ')}`);
  }
  if (new Set(roles).size !== roles.length) add('roles', 'duplicate_role', 'each role is listed once');
  if (!['deny', 'allow'].includes(policy.unknownBirthDateRule)) {
    add('unknownBirthDateRule', 'unknown_rule', 'the unknown-birth-date rule is deny or allow');
  }

  const windows = Array.isArray(policy.bypassWindows) ? policy.bypassWindows : [];
  windows.forEach((w, i) => problems.push(...validateBypassWindow(w, `bypassWindows[${i}]`)));
  return problems;
}
