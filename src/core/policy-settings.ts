import { parseIsoDate } from './local-date';
import {
  POLICY_DEFAULTS,
  ROLES,
  validatePolicy,
  type BypassWindow,
  type CutoverPolicy,
  type PolicyMode,
  type PolicyProblem,
  type Role,
  type UnknownBirthDateRule,
} from './policy';

/** A policy as operators edit it and the audit log records it: dates as `YYYY-MM-DD`, the region's zone. */
export interface PolicySettings {
  readonly timeZone: string;
  readonly mode: PolicyMode;
  readonly announceDate: string | null;
  readonly cutoverDate: string | null;
  readonly warnDays: number;
  readonly minimumAge: number;
  readonly roles: readonly Role[];
  readonly unknownBirthDateRule: UnknownBirthDateRule;
}

/** The settings of a region that never had a policy: off, with the defaults of DESIGN §5.4. */
export function defaultSettings(timeZone: string): PolicySettings {
  return {
    timeZone,
    mode: 'off',
    announceDate: null,
    cutoverDate: null,
    warnDays: POLICY_DEFAULTS.warnDays,
    minimumAge: POLICY_DEFAULTS.minimumAge,
    roles: [...ROLES],
    unknownBirthDateRule: POLICY_DEFAULTS.unknownBirthDateRule,
  };
}

/** The core's policy for `decide`; unparseable dates become problems instead. */
export function toCutoverPolicy(
  s: PolicySettings,
  bypassWindows: readonly BypassWindow[] = [],
): { policy: CutoverPolicy; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const date = (field: 'announceDate' | 'cutoverDate') => {
    const text = s[field];
    if (text === null || text === '') return null;
    const parsed = typeof text === 'string' ? parseIsoDate(text) : null;
    if (!parsed) problems.push({ field, code: 'invalid_date', message: 'expected a date YYYY-MM-DD' });
    return parsed;
  };
  const policy: CutoverPolicy = {
    timeZone: s.timeZone,
    mode: s.mode,
    announceDate: date('announceDate'),
    cutoverDate: date('cutoverDate'),
    warnDays: s.warnDays,
    minimumAge: s.minimumAge,
    roles: s.roles,
    unknownBirthDateRule: s.unknownBirthDateRule,
    bypassWindows,
  };
  return { policy, problems };
}

/** Every problem of the settings at once (empty: they may be saved): the core's validator plus date syntax. */
export function problemsOf(settings: PolicySettings): PolicyProblem[] {
  const { policy, problems } = toCutoverPolicy(settings);
  const core = validatePolicy(policy).filter(
    (p) => !(p.code === 'cutover_date_required' && settings.cutoverDate),
  );
  return [...problems, ...core];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;

/**
 * Reads an edit (a form or JSON) on top of the current settings: absent fields keep their value, an empty date
 * clears it. Values are not judged here; `problemsOf` does that, so a form shows every problem at once.
 */
export function mergeSettings(current: PolicySettings, raw: Record<string, unknown>): PolicySettings {
  const date = (key: string, was: string | null) =>
    key in raw ? (text(raw[key]) ? text(raw[key])! : null) : was;
  const rolesRaw = raw['roles'];
  const roles =
    rolesRaw === undefined
      ? current.roles
      : (Array.isArray(rolesRaw) ? rolesRaw : String(rolesRaw).split(','))
          .map((r) => String(r).trim())
          .filter(Boolean);
  return {
    timeZone: text(raw['timeZone']) ?? current.timeZone,
    mode: (text(raw['mode']) ?? current.mode) as PolicyMode,
    announceDate: date('announceDate', current.announceDate),
    cutoverDate: date('cutoverDate', current.cutoverDate),
    warnDays: num(raw['warnDays']) ?? current.warnDays,
    minimumAge: num(raw['minimumAge']) ?? current.minimumAge,
    roles: roles as Role[],
    unknownBirthDateRule: (text(raw['unknownBirthDateRule']) ??
      current.unknownBirthDateRule) as UnknownBirthDateRule,
  };
}
