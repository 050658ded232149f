import { DEFAULT_MINIMUM_AGE } from '../core/policy.types';
import { formatIsoDate, localDateAt } from '../core/local-date';
import { decide } from '../core/policy';
import type { InstanceScope } from './policy-cache';

/** Whether the diary's password recovery is closed to the people the policy covers, and since when. */
export interface RecoveryVerdict {
  readonly closed: boolean;
  readonly cutoverDate: string | null;
  readonly minimumAge: number;
}

/**
 * Password reset obeys the login decision (DESIGN §7 C). The «Забыли пароль?» page knows no account (asking
 * about one by login would tell a stranger whether it exists and how old its owner is), so it asks the same
 * pure decision about a person the policy covers: of the minimum age, in every covered role, not linked and
 * not exempt. Shadow mode refuses nobody, so recovery stays open there; a bypass window opens it too.
 */
export function recoveryVerdict(scope: InstanceScope, now: Date): RecoveryVerdict {
  const policy = scope.policy;
  if (!policy) return { closed: false, cutoverDate: null, minimumAge: DEFAULT_MINIMUM_AGE };
  const today = localDateAt(now, policy.timeZone);
  const covered = {
    birthDate: { year: today.year - policy.minimumAge, month: 1, day: 1 },
    roles: policy.roles,
    linked: false,
    exemptions: [],
  };
  const decision = decide(policy, covered, now);
  return {
    closed: decision.decision === 'deny',
    cutoverDate: decision.cutoverDate ? formatIsoDate(decision.cutoverDate) : null,
    minimumAge: policy.minimumAge,
  };
}
