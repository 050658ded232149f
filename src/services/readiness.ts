import type { DataSource } from 'typeorm';
import { addDays, formatIsoDate, localDateAt } from '../core/local-date';

/** One day of a region's (or instance's) readiness. */
export interface ReadinessDay {
  readonly day: string;
  /** Active links at the end of the day. */
  readonly activeLinks: number;
  /** Completed sign-ins through Gosuslugi (activity_counts, counted when the diary got its answer). */
  readonly esiaSignIns: number;
  /** Password sign-ins: through the gateway's form, and the decisions that let a vendor's own form go on. */
  readonly passwordLogins: number;
  /** Share of sign-ins that went through Gosuslugi (0..1); null on a day without sign-ins. */
  readonly esiaShare: number | null;
  /** Refused (deny) plus counted in shadow (shadow-deny), from the decisions (login_stats). */
  readonly wouldDeny: number;
  readonly warned: number;
  /** Password logins refused by the policy and links refused at the gateway. */
  readonly refusals: number;
  /** Links made and removed that day. */
  readonly links: number;
  readonly unlinks: number;
  /** Access requests sent that day («Обратиться в организацию»). */
  readonly accessRequests: number;
  /** Active users over 30 days as the diaries reported them that day; null when none of them reports it. */
  readonly activeUsers: number | null;
  /**
   * Active links of the diaries that reported, over their active users (0..1, at most 1); null when none
   * reports. Links of accounts not active in the window count too, so it is an upper bound.
   */
  readonly activeUsersLinkedShare: number | null;
}

/** Daily readiness over the last `days` local days, from activity_counts, login_stats and links (aggregates only). */
export async function readiness(
  dataSource: DataSource,
  input: { tenantId: string; timeZone: string; now: Date; days: number; instanceId?: string | null },
): Promise<ReadinessDay[]> {
  const today = localDateAt(input.now, input.timeZone);
  const from = formatIsoDate(addDays(today, -(input.days - 1)));
  const to = formatIsoDate(today);
  const rows: Array<Record<string, string | number>> = await dataSource.query(
    `WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') d),
     decisions AS (
       SELECT day, sum(count) FILTER (WHERE decision IN ('deny', 'shadow-deny')) AS would_deny
       FROM login_stats WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date
         AND ($5::text IS NULL OR instance_id = $5)
       GROUP BY day),
     events AS (
       SELECT day,
         sum(count) FILTER (WHERE kind = 'sign_in_esia') AS esia,
         sum(count) FILTER (WHERE kind IN ('sign_in_password_form', 'sign_in_password_decision')) AS password,
         sum(count) FILTER (WHERE kind = 'warning') AS warned,
         sum(count) FILTER (WHERE kind = 'refusal') AS refusals,
         sum(count) FILTER (WHERE kind = 'link') AS links,
         sum(count) FILTER (WHERE kind = 'unlink') AS unlinks,
         sum(count) FILTER (WHERE kind = 'access_request') AS requests
       FROM activity_counts WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date
         AND ($5::text IS NULL OR instance_id = $5)
       GROUP BY day),
     reported AS (
       SELECT a.day, sum(a.active_users) AS users, array_agg(a.instance_id) AS instances
       FROM diary_active_users a JOIN diary_instances i ON i.id = a.instance_id
       WHERE i.tenant_id = $1 AND a.day BETWEEN $2::date AND $3::date
         AND ($5::text IS NULL OR a.instance_id = $5)
       GROUP BY a.day)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
       r.users::int AS "activeUsers",
       (SELECT count(*) FROM links l WHERE l.instance_id = ANY(r.instances)
           AND l.linked_at < ((days.day + 1)::timestamp AT TIME ZONE $4)
           AND (l.revoked_at IS NULL OR l.revoked_at >= ((days.day + 1)::timestamp AT TIME ZONE $4)))::int
         AS "reportedLinks",
       coalesce(e.esia, 0)::int AS esia, coalesce(e.password, 0)::int AS password,
       coalesce(d.would_deny, 0)::int AS "wouldDeny", coalesce(e.warned, 0)::int AS warned,
       coalesce(e.refusals, 0)::int AS refusals, coalesce(e.links, 0)::int AS made,
       coalesce(e.unlinks, 0)::int AS unlinks, coalesce(e.requests, 0)::int AS requests,
       (SELECT count(*) FROM links l JOIN diary_instances i ON i.id = l.instance_id
         WHERE i.tenant_id = $1 AND ($5::text IS NULL OR l.instance_id = $5)
           AND l.linked_at < ((days.day + 1)::timestamp AT TIME ZONE $4)
           AND (l.revoked_at IS NULL OR l.revoked_at >= ((days.day + 1)::timestamp AT TIME ZONE $4)))::int AS links
     FROM days LEFT JOIN decisions d ON d.day = days.day LEFT JOIN events e ON e.day = days.day
       LEFT JOIN reported r ON r.day = days.day
     ORDER BY days.day`,
    [input.tenantId, from, to, input.timeZone, input.instanceId ?? null],
  );
  return rows.map((r) => {
    const esia = Number(r['esia']);
    const password = Number(r['password']);
    return {
      day: String(r['day']),
      activeLinks: Number(r['links']),
      esiaSignIns: esia,
      passwordLogins: password,
      esiaShare: esia + password ? esia / (esia + password) : null,
      wouldDeny: Number(r['wouldDeny']),
      warned: Number(r['warned']),
      refusals: Number(r['refusals']),
      links: Number(r['made']),
      unlinks: Number(r['unlinks']),
      accessRequests: Number(r['requests']),
      ...activeUsersOf(r['activeUsers'], Number(r['reportedLinks'])),
    };
  });
}

/** The active users the diaries reported, and the share of them linked (null when none reported). */
function activeUsersOf(users: unknown, links: number) {
  if (users === null || users === undefined) return { activeUsers: null, activeUsersLinkedShare: null };
  const activeUsers = Number(users);
  return {
    activeUsers,
    activeUsersLinkedShare: activeUsers ? Math.min(1, links / activeUsers) : null,
  };
}

/** The CSV columns, in order: what the console and the API export. */
const COLUMNS = [
  'day',
  'active_links',
  'esia_sign_ins',
  'password_logins',
  'esia_share',
  'would_deny',
  'warned',
  'refusals',
  'links',
  'unlinks',
  'access_requests',
  'active_users',
  'active_users_linked_share',
];

/** The same as CSV (RFC 4180, comma, header row): what the console and the API export. */
export function readinessCsv(days: readonly ReadinessDay[]): string {
  const lines = days.map((d) =>
    [
      d.day,
      d.activeLinks,
      d.esiaSignIns,
      d.passwordLogins,
      d.esiaShare === null ? '' : d.esiaShare.toFixed(4),
      d.wouldDeny,
      d.warned,
      d.refusals,
      d.links,
      d.unlinks,
      d.accessRequests,
      d.activeUsers ?? '',
      d.activeUsersLinkedShare === null ? '' : d.activeUsersLinkedShare.toFixed(4),
    ].join(','),
  );
  return [COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
