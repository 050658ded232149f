import type { LocalDate } from './local-date';

/** Every IANA zone in use in Russia, UTC+2 (Kaliningrad) to UTC+12 (Kamchatka, Chukotka): what regions pick from. */
export const RUSSIAN_TIME_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Simferopol',
  'Europe/Kirov',
  'Europe/Volgograd',
  'Europe/Samara',
  'Europe/Astrakhan',
  'Europe/Saratov',
  'Europe/Ulyanovsk',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Barnaul',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Khandyga',
  'Asia/Vladivostok',
  'Asia/Ust-Nera',
  'Asia/Magadan',
  'Asia/Sakhalin',
  'Asia/Srednekolymsk',
  'Asia/Kamchatka',
  'Asia/Anadyr',
] as const;

/** The roles of a diary account, spelled exactly as the database stores them. */
export const ROLES = ['student', 'parent', 'teacher', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** Roles held only by adults: a holder with no birth date on record is presumed an adult (DESIGN §5.4). */
export const ADULT_ROLES: readonly Role[] = ['parent', 'teacher', 'staff'];

/** off: nothing happens · announce: inform only · shadow: count would-deny, allow · enforce: refuse. */
export const POLICY_MODES = ['off', 'announce', 'shadow', 'enforce'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/** What to do with a student whose birth date the school does not hold. */
export type UnknownBirthDateRule = 'deny' | 'allow';

/** A time-boxed window (an ESIA outage) during which password login is allowed to everyone. */
export interface BypassWindow {
  readonly startsAt: Date;
  /** Exclusive: at this instant the window is over. */
  readonly endsAt: Date;
  readonly reason: string;
  /** Set when an operator ends the window early. */
  readonly endedAt?: Date | null;
}

/** One person's exemption (no way to use ESIA yet, for instance); null expiry means until revoked. */
export interface Exemption {
  readonly reason: string;
  /** Exclusive: at this instant the exemption no longer counts. */
  readonly expiresAt: Date | null;
  readonly revokedAt?: Date | null;
}

/** A region's (or a diary instance's) cutover policy. Dates are local dates in `timeZone`. */
export interface CutoverPolicy {
  readonly timeZone: string;
  readonly mode: PolicyMode;
  /** The information window never opens before this date; null: only `warnDays` counts. */
  readonly announceDate: LocalDate | null;
  /** Password login closes at local midnight starting this date. Required unless the mode is off. */
  readonly cutoverDate: LocalDate | null;
  /** Days before the cutover during which the decision is 'warn'; 0 turns the warning off. */
  readonly warnDays: number;
  readonly minimumAge: number;
  readonly roles: readonly Role[];
  readonly unknownBirthDateRule: UnknownBirthDateRule;
  readonly bypassWindows: readonly BypassWindow[];
}

/**
 * The age from which password login closes unless a region sets another (DESIGN §5.4): the one place the
 * number 14 is written; pages, messages, statistics and the OpenAPI examples read it from here.
 */
export const DEFAULT_MINIMUM_AGE = 14;

/** The defaults of DESIGN §5.4 and the policies table. */
export const POLICY_DEFAULTS = {
  warnDays: 30,
  minimumAge: DEFAULT_MINIMUM_AGE,
  roles: ROLES,
  unknownBirthDateRule: 'deny',
  bypassWindows: [],
} as const satisfies Partial<CutoverPolicy>;

/** The person asking to sign in with a password, as the diary and our links know them. */
export interface Subject {
  readonly roles: readonly Role[];
  readonly birthDate: LocalDate | null;
  readonly linked: boolean;
  /** The person's exemptions; expired or revoked ones are ignored by `decide`. */
  readonly exemptions: readonly Exemption[];
}

export type DecisionKind = 'allow' | 'warn' | 'deny' | 'shadow-deny';

/** Stable codes: vendors, pages, statistics and tests key on them. Never rename one; add a new one. */
export type DecisionReason =
  | 'policy_off'
  | 'role_not_covered'
  | 'under_minimum_age'
  | 'birth_date_unknown_allowed'
  | 'before_cutover'
  | 'cutover_upcoming'
  | 'announce_only'
  | 'bypass_window'
  | 'exempt'
  | 'cutover_reached'
  | 'birth_date_unknown';

/** The answer to "may this person sign in with a password now?" and what to show them. */
export interface Decision {
  readonly decision: DecisionKind;
  readonly reason: DecisionReason;
  /** Local midnight of the cutover date in the tenant's zone; null only when an off policy has no date. */
  readonly cutoverAt: Date | null;
  readonly cutoverDate: LocalDate | null;
  /** Whole local days until the cutover date; 0 on and after it; null without a date. */
  readonly daysLeft: number | null;
  /** Whether the policy covers this person (role and age), whatever the mode and the date. */
  readonly applies: boolean;
  readonly linked: boolean;
}
