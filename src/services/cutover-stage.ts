import { compareLocalDates, daysBetween, formatIsoDate, localDateAt } from '../core/local-date';
import { infoWindowOpens } from '../core/policy';
import { toCutoverPolicy, type PolicySettings } from '../core/policy-settings';

/** The stages of a region's cutover, in order, as the overview's timeline draws them. */
export const STAGES = ['announce', 'window', 'shadow', 'enforce'] as const;
export type Stage = (typeof STAGES)[number];

/** Where a region stands today: its stage (null: nothing started), the days to the cutover (negative: past). */
export interface CutoverStage {
  readonly stage: Stage | null;
  /** Days from today to the cutover date in the region's zone; negative once it has passed; null without one. */
  readonly daysToCutover: number | null;
  /** The first day of the information window (the warning before the cutover). */
  readonly windowFrom: string | null;
}

/**
 * The stage of a policy on the local day of `now`: off is no stage; before the information window the
 * announcement; from the day the window opens (the core's rule: `warnDays` before the cutover, never before the
 * announce date) the information window; from the cutover on, shadow (counted, not refused) or enforce, as the
 * mode says (an announce-only policy stays announced).
 */
export function cutoverStage(s: PolicySettings, now: Date): CutoverStage {
  const { policy } = toCutoverPolicy(s);
  const cutover = policy.cutoverDate;
  if (!cutover) return { stage: s.mode === 'off' ? null : 'announce', daysToCutover: null, windowFrom: null };
  const today = localDateAt(now, s.timeZone);
  const days = daysBetween(today, cutover);
  const opens = infoWindowOpens(policy, cutover);
  const windowFrom = formatIsoDate(opens);
  if (s.mode === 'off') return { stage: null, daysToCutover: days, windowFrom };
  const stage: Stage =
    compareLocalDates(today, opens) < 0
      ? 'announce'
      : days > 0
        ? 'window'
        : s.mode === 'shadow'
          ? 'shadow'
          : s.mode === 'enforce'
            ? 'enforce'
            : 'window';
  return { stage, daysToCutover: days, windowFrom };
}
