import { ageOn } from './age';
import {
  addDays,
  compareLocalDates,
  daysBetween,
  isValidLocalDate,
  localDateAt,
  startOfLocalDay,
  type LocalDate,
} from './local-date';
import {
  ADULT_ROLES,
  type BypassWindow,
  type CutoverPolicy,
  type Decision,
  type DecisionKind,
  type DecisionReason,
  type Exemption,
  type Subject,
} from './policy.types';

export * from './policy.types';
export * from './policy.validation';

/** Whether the policy covers a person, and on what ground: the ground becomes the reason of a refusal. */
export type Coverage =
  | { applies: true; ground: 'age' | 'presumed_adult' | 'birth_date_unknown' }
  | { applies: false; reason: 'role_not_covered' | 'under_minimum_age' | 'birth_date_unknown_allowed' };

/**
 * Role first, then age. A birth date after today is bad data and counts as unknown. With no usable birth
 * date, anyone holding an adult role (parent, teacher, staff: any of their roles, covered or not) is presumed
 * an adult; only then does the tenant's unknown-birth-date rule decide, which in practice means for students.
 */
export function coverage(policy: CutoverPolicy, subject: Subject, today: LocalDate): Coverage {
  if (!subject.roles.some((role) => policy.roles.includes(role))) {
    return { applies: false, reason: 'role_not_covered' };
  }
  const birth = subject.birthDate;
  if (isValidLocalDate(birth) && compareLocalDates(birth, today) <= 0) {
    return ageOn(birth, today) >= policy.minimumAge
      ? { applies: true, ground: 'age' }
      : { applies: false, reason: 'under_minimum_age' };
  }
  const adult = subject.roles.some((role) => ADULT_ROLES.includes(role));
  if (adult) return { applies: true, ground: 'presumed_adult' };
  return policy.unknownBirthDateRule === 'deny'
    ? { applies: true, ground: 'birth_date_unknown' }
    : { applies: false, reason: 'birth_date_unknown_allowed' };
}

/** The bypass window open at `now`, if any (start inclusive, end and early end exclusive). */
export function activeBypass(windows: readonly BypassWindow[], now: Date): BypassWindow | undefined {
  const t = now.getTime();
  return windows.find(
    (w) => w.startsAt.getTime() <= t && t < w.endsAt.getTime() && (!w.endedAt || t < w.endedAt.getTime()),
  );
}

/** The exemption that holds at `now`, if any (expiry and revocation exclusive). */
export function validExemption(exemptions: readonly Exemption[], now: Date): Exemption | undefined {
  const t = now.getTime();
  return exemptions.find(
    (e) => (!e.expiresAt || t < e.expiresAt.getTime()) && (!e.revokedAt || t < e.revokedAt.getTime()),
  );
}

/** The first local date of the information window: `warnDays` before the cutover, never before announcement. */
export function infoWindowOpens(policy: CutoverPolicy, cutoverDate: LocalDate): LocalDate {
  const byWarnDays = addDays(cutoverDate, -policy.warnDays);
  const announced = policy.announceDate;
  return announced && compareLocalDates(announced, byWarnDays) > 0 ? announced : byWarnDays;
}

/**
 * The password-login decision (DESIGN §5.4, §7 C). Pure: the clock is `now`. Order: mode off, coverage,
 * bypass window, exemption, before the cutover (warn inside the information window), then by mode:
 * announce keeps allowing after the date and keeps warning ("announce only"), shadow answers shadow-deny
 * (the API allows and counts it), enforce denies.
 */
export function decide(policy: CutoverPolicy, subject: Subject, now: Date): Decision {
  const today = localDateAt(now, policy.timeZone);
  const covered = coverage(policy, subject, today);
  const cutoverDate = policy.cutoverDate;
  const cutoverAt = cutoverDate ? startOfLocalDay(cutoverDate, policy.timeZone) : null;
  const daysLeft = cutoverDate ? Math.max(0, daysBetween(today, cutoverDate)) : null;
  const answer = (decision: DecisionKind, reason: DecisionReason): Decision => ({
    decision,
    reason,
    cutoverAt,
    cutoverDate,
    daysLeft,
    applies: covered.applies,
    linked: subject.linked,
  });

  if (policy.mode === 'off' || !cutoverDate || !cutoverAt) return answer('allow', 'policy_off');
  if (!covered.applies) return answer('allow', covered.reason);
  if (activeBypass(policy.bypassWindows, now)) return answer('allow', 'bypass_window');
  if (validExemption(subject.exemptions, now)) return answer('allow', 'exempt');
  if (now.getTime() < cutoverAt.getTime()) {
    const informing = compareLocalDates(today, infoWindowOpens(policy, cutoverDate)) >= 0;
    return informing ? answer('warn', 'cutover_upcoming') : answer('allow', 'before_cutover');
  }
  if (policy.mode === 'announce') return answer('warn', 'announce_only');
  const reason = covered.ground === 'birth_date_unknown' ? 'birth_date_unknown' : 'cutover_reached';
  return answer(policy.mode === 'shadow' ? 'shadow-deny' : 'deny', reason);
}
