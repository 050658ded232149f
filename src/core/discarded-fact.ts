import type { BirthDateProblem } from './birth-date';
import type { SnilsProblem } from './snils';

/** Where a fact about a person came from. */
export type FactSource = 'esia' | 'vendor_request' | 'diary_profile' | 'school_record';

/**
 * A fact from outside that failed its rule and was treated as absent (issue 20). It carries no value: the
 * reporter logs it (SNILS masked) and counts it in /metrics, so operators see a vendor or ESIA sending bad data.
 */
export type DiscardedFact =
  | {
      readonly source: FactSource;
      readonly field: 'snils';
      readonly problem: SnilsProblem;
      readonly masked: string;
    }
  | { readonly source: FactSource; readonly field: 'birthDate'; readonly problem: BirthDateProblem };

/** The port that hears of each discarded fact. */
export type DiscardedFactReport = (fact: DiscardedFact) => void;

/** For callers that have nobody to tell (tests of other behaviour, tools). */
export const IGNORE_DISCARDED: DiscardedFactReport = () => undefined;
