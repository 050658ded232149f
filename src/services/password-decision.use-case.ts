import { DEFAULT_MINIMUM_AGE } from '../core/policy.types';
import { createHash } from 'node:crypto';
import { ageOn } from '../core/age';
import { parseBirthDate } from '../core/birth-date';
import type { Clock } from '../core/clock';
import type { DiscardedFactReport, FactSource } from '../core/discarded-fact';
import {
  DependencyUnavailableError,
  NotFoundError,
  RateLimitedError,
  ReplayedRequestError,
} from '../core/errors';
import { VendorUnavailableError } from '../../adapters/contract';
import { formatIsoDate, localDateAt, type LocalDate } from '../core/local-date';
import { decide, ROLES, type Decision, type Role, type Subject } from '../core/policy';
import type { OneTimeMark, RateLimit, RateLimiter } from '../core/ports/rate-limiter.port';
import type { AgeBand } from '../store/entities/login-stat.entity';
import { decisionMessage, decisionAddresses } from './decision-messages';
import type { LoginStatsRecorder } from './login-stats.recorder';
import type { InstanceScope, PolicyCache } from './policy-cache';

/** What the diary knows about a person when the vendor sent no birth date (the adapter's getProfile). */
export type ProfileLookup = (
  instanceId: string,
  userId: string,
) => Promise<{ birthDate: string | null; roles: readonly Role[] } | null>;

export interface PasswordDecisionPorts {
  readonly policies: Pick<PolicyCache, 'instanceScope' | 'exemptionsOf'>;
  /** The one indexed query of a decision: does this diary account have an active ESIA link? */
  readonly isLinked: (instanceId: string, userId: string) => Promise<boolean>;
  readonly profiles?: ProfileLookup;
  /** Hears of a birth date that was no possible birth date (skipped, the next source asked). */
  readonly discarded?: DiscardedFactReport;
  readonly rateLimiter: RateLimiter;
  readonly limits: { readonly perInstance: RateLimit; readonly perLogin: RateLimit };
  readonly stats: Pick<LoginStatsRecorder, 'record'>;
  readonly clock: Clock;
  readonly publicUrl: string;
}

/** A vendor's question: may this diary account sign in (or reset its password) with a password now? */
export interface PasswordDecisionInput {
  readonly instanceId: string;
  readonly userId: string;
  readonly birthDate?: string | null;
  readonly roles?: readonly Role[];
  /**
   * The signed request's nonce when its route left it unspent: spent in the same step that counts the
   * decision against its limits, so a replay is refused without using up the account's allowance.
   */
  readonly nonce?: OneTimeMark;
}

/** The answer the vendor acts on and shows (docs/vendor-api.md). Shadow mode answers allow, `wouldDeny`. */
export interface PasswordDecisionAnswer {
  readonly decision: 'allow' | 'warn' | 'deny';
  readonly reason: Decision['reason'];
  readonly wouldDeny: boolean;
  readonly cutoverAt: string | null;
  readonly cutoverDate: string | null;
  readonly daysLeft: number | null;
  readonly linked: boolean;
  readonly esiaSignInUrl: string;
  readonly linkUrl: string;
  readonly infoUrl: string;
  readonly message: { ru: string; en: string } | null;
}

/** The password-login decision (DESIGN §7 C) as a list of steps; the policy comes from memory. */
export async function decidePasswordLogin(
  input: PasswordDecisionInput,
  ports: PasswordDecisionPorts,
): Promise<PasswordDecisionAnswer> {
  await assertWithinLimits(input, ports);
  const { decision, scope, subject, now } = await evaluate(input, ports);
  const today = localDateAt(now, scope.tenant.timeZone);
  ports.stats.record({
    day: formatIsoDate(today),
    tenantId: scope.tenant.id,
    instanceId: scope.instance.id,
    ageBand: ageBand(subject.birthDate, today),
    decision: decision.decision,
  });
  return answerOf(decision, scope, ports.publicUrl);
}

/**
 * The policy's verdict on a diary account now, with no rate limit and nothing counted: what other use
 * cases ask (may this person lose their ESIA link? see flow E) without it looking like a login attempt.
 */
export async function evaluatePasswordPolicy(
  input: PasswordDecisionInput,
  ports: Omit<PasswordDecisionPorts, 'rateLimiter' | 'limits' | 'stats'>,
): Promise<Decision> {
  return (await evaluate(input, ports)).decision;
}

async function evaluate(
  input: PasswordDecisionInput,
  ports: Omit<PasswordDecisionPorts, 'rateLimiter' | 'limits' | 'stats'>,
) {
  const scope = await ports.policies.instanceScope(input.instanceId);
  if (!scope) throw new NotFoundError(`instance ${input.instanceId}`);
  const now = ports.clock.now();
  const subject = await subjectOf(input, scope, now, ports);
  const decision = scope.policy
    ? decide(scope.policy, subject, now)
    : decide({ ...OFF, timeZone: scope.tenant.timeZone }, subject, now);
  return { decision, scope, subject, now };
}

const OFF = {
  mode: 'off',
  announceDate: null,
  cutoverDate: null,
  warnDays: 0,
  minimumAge: DEFAULT_MINIMUM_AGE,
  roles: ROLES,
  unknownBirthDateRule: 'deny',
  bypassWindows: [],
} as const;

async function assertWithinLimits(input: PasswordDecisionInput, ports: PasswordDecisionPorts) {
  // The login is hashed so that no diary user id sits in the shared store as a key.
  const login = createHash('sha256').update(`${input.instanceId}\u0000${input.userId}`).digest('base64url');
  const hits = [
    { key: `decision:i:${input.instanceId}`, limit: ports.limits.perInstance },
    { key: `decision:u:${login.slice(0, 22)}`, limit: ports.limits.perLogin },
  ];
  const results = input.nonce
    ? await ports.rateLimiter.hitOnce(input.nonce, hits)
    : await Promise.all(hits.map((h) => ports.rateLimiter.hit(h.key, h.limit)));
  if (!results) throw new ReplayedRequestError();
  const refused = results.filter((r) => !r.allowed);
  if (refused.length) throw new RateLimitedError(Math.max(...refused.map((r) => r.retryAfterSeconds)));
}

/**
 * The person as the policy sees them. The birth date comes from the first source that has a believable one:
 * the vendor's request, then (only when a policy is in force) the diary's profile. A date that is no possible
 * birth date (future, before 1900, not on the calendar) is reported and skipped like a missing one (issue 20);
 * none left: unknown, and the policy's unknown-age rule decides. Nothing known about the roles: a student
 * (fail closed, DESIGN §5.4).
 */
async function subjectOf(
  input: PasswordDecisionInput,
  scope: InstanceScope,
  now: Date,
  ports: Pick<PasswordDecisionPorts, 'profiles' | 'isLinked' | 'policies' | 'discarded'>,
): Promise<Subject> {
  const today = localDateAt(now, scope.tenant.timeZone);
  const believed = (text: string | null | undefined, source: FactSource): LocalDate | null => {
    if (!text) return null;
    const parsed = parseBirthDate(text, today);
    if (parsed.ok) return parsed.date;
    ports.discarded?.({ source, field: 'birthDate', problem: parsed.problem });
    return null;
  };
  let birthDate = believed(input.birthDate, 'vendor_request');
  let roles: readonly Role[] = input.roles?.length ? input.roles : [];
  const inForce = scope.policy !== null && scope.policy.mode !== 'off';
  if (inForce && !birthDate && ports.profiles) {
    const profile = await readProfile(input, ports.profiles);
    birthDate = believed(profile?.birthDate, 'diary_profile');
    if (!roles.length && profile) roles = profile.roles;
  }
  const [linked, exemptions] = await Promise.all([
    ports.isLinked(input.instanceId, input.userId),
    ports.policies.exemptionsOf(input.instanceId, input.userId),
  ]);
  return { birthDate, roles: roles.length ? roles : ['student'], linked, exemptions };
}

/**
 * The diary's profile, or null when the diary says it has no such account. When it cannot be read (the diary
 * does not answer, or lacks the route: VendorUnavailableError of either fault) the decision is not made at all:
 * answering as for an unknown student would deny everyone for as long as the fault lasts (issue 22). The vendor
 * gets 503 `dependency_unavailable` and keeps its own fallback for the attempt.
 */
async function readProfile(input: PasswordDecisionInput, profiles: ProfileLookup) {
  try {
    return await profiles(input.instanceId, input.userId);
  } catch (err) {
    if (err instanceof VendorUnavailableError)
      throw new DependencyUnavailableError(`diary ${input.instanceId} (${err.fault})`, { cause: err });
    throw err;
  }
}

function ageBand(birthDate: LocalDate | null, today: LocalDate): AgeBand {
  if (!birthDate) return 'unknown';
  // Never negative: a birth date after today was skipped as no possible birth date (subjectOf).
  const age = ageOn(birthDate, today);
  // The statistics' bands are named after the default age; a region with another one still counts in these.
  return age < DEFAULT_MINIMUM_AGE ? 'under_14' : age < 18 ? '14_17' : '18_plus';
}

function answerOf(d: Decision, scope: InstanceScope, publicUrl: string): PasswordDecisionAnswer {
  return {
    decision: d.decision === 'shadow-deny' ? 'allow' : d.decision,
    reason: d.reason,
    wouldDeny: d.decision === 'shadow-deny',
    cutoverAt: d.cutoverAt?.toISOString() ?? null,
    cutoverDate: d.cutoverDate ? formatIsoDate(d.cutoverDate) : null,
    daysLeft: d.daysLeft,
    linked: d.linked,
    ...decisionAddresses(publicUrl, scope.instance),
    message: decisionMessage(d, scope.policy?.minimumAge ?? DEFAULT_MINIMUM_AGE),
  };
}
