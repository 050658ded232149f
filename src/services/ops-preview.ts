import { DEFAULT_MINIMUM_AGE } from '../core/policy.types';
import type { DataSource } from 'typeorm';
import { addDays, formatIsoDate, localDateAt, parseIsoDate } from '../core/local-date';
import type { PolicySettings } from '../core/policy-settings';

/**
 * Who a policy would refuse, as far as the gateway's own data allows. The gateway holds no rosters: the diaries
 * do not send their user lists, so the number of people aged 14+ without a link cannot be known here
 * (`unlinkedAdults` is null, and the console says so). What it can count: the active links, and the password
 * logins of the last 7 days (login_stats) from the age bands the policy covers, on days on or after the cutover
 * date under enforce. Age bands are coarse: a minimum age above 14 counts only 18+, an undercount.
 */
export interface PolicyImpact {
  readonly unlinkedAdults: number | null;
  readonly activeLinks: number;
  readonly wouldDenyLast7Days: number;
  readonly passwordLoginsLast7Days: number;
  readonly from: string;
  readonly to: string;
}

/** Counts the impact of `after` over the last 7 local days of the region. */
export async function previewImpact(
  dataSource: DataSource,
  tenantId: string,
  instanceId: string | null,
  after: PolicySettings,
  now: Date,
): Promise<PolicyImpact> {
  let today;
  try {
    today = localDateAt(now, after.timeZone);
  } catch {
    today = localDateAt(now, 'UTC');
  }
  const from = formatIsoDate(addDays(today, -6));
  const to = formatIsoDate(today);
  const bands = [
    after.minimumAge <= DEFAULT_MINIMUM_AGE ? '14_17' : null,
    '18_plus',
    after.unknownBirthDateRule === 'deny' ? 'unknown' : null,
  ];
  const cutover = after.cutoverDate && parseIsoDate(after.cutoverDate) ? after.cutoverDate : null;
  const enforcing = after.mode === 'enforce' && cutover !== null;
  const [stats] = (await dataSource.query(
    `SELECT
       coalesce(sum(count) FILTER (WHERE decision <> 'esia'), 0)::int AS "passwordLogins",
       coalesce(sum(count) FILTER (WHERE decision <> 'esia' AND age_band = ANY($4) AND $5::boolean
         AND day >= $6::date), 0)::int AS "wouldDeny"
     FROM login_stats WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date
       AND ($7::text IS NULL OR instance_id = $7)`,
    [tenantId, from, to, bands.filter(Boolean), enforcing, cutover ?? '9999-12-31', instanceId],
  )) as Array<{ passwordLogins: number; wouldDeny: number }>;
  const [links] = (await dataSource.query(
    `SELECT count(*)::int AS n FROM links l JOIN diary_instances i ON i.id = l.instance_id
     WHERE i.tenant_id = $1 AND l.revoked_at IS NULL AND ($2::text IS NULL OR l.instance_id = $2)`,
    [tenantId, instanceId],
  )) as Array<{ n: number }>;
  return {
    unlinkedAdults: null,
    activeLinks: links!.n,
    wouldDenyLast7Days: stats!.wouldDeny,
    passwordLoginsLast7Days: stats!.passwordLogins,
    from,
    to,
  };
}
