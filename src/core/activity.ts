/**
 * What the operators' console counts (issue 19): each kind is counted once, when it happens, per local day of
 * the region, region and diary instance, in PostgreSQL (activity_counts) and in /metrics from the same call.
 */
export const ACTIVITY_KINDS = [
  'sign_in_esia',
  'sign_in_oidc',
  'sign_in_password_form',
  'sign_in_password_decision',
  'link',
  'unlink',
  'refusal',
  'warning',
  'access_request',
] as const;

/** One kind of counted event. */
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Each kind in the operators' words (the console, the CSV's Russian header). */
export const ACTIVITY_LABELS: Readonly<Record<ActivityKind, string>> = {
  sign_in_esia: 'входы через Госуслуги',
  sign_in_oidc: 'входы через региональную систему входа',
  sign_in_password_form: 'входы по паролю через форму шлюза',
  sign_in_password_decision: 'входы по паролю (решение для дневника)',
  link: 'привязки',
  unlink: 'отвязки',
  refusal: 'отказы',
  warning: 'предупреждения',
  access_request: 'обращения в организацию',
};

/** Counts one event of a diary instance (`null`: an event that belongs to no diary). Never throws, never waits. */
export type CountActivity = (kind: ActivityKind, instanceId: string | null) => void;

/** Counts nothing: for parts built without the console's counters (tests that do not read them). */
export const countNothing: CountActivity = () => undefined;
