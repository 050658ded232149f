import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import type { DiaryDirectory } from './diary-directory';
import type { OnlyWayInRule } from './unlink-account.use-case';

interface PolicyRow {
  mode: string;
  cutoverDate: string | null;
  minAge: number;
  roles: string[];
  unknownBirthDateRule: string;
  timeZone: string;
}

/** `YYYY-MM-DD` of `now` in the IANA zone. */
function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Whole years from `birth` to `today`, both `YYYY-MM-DD` (29 February turns on 28 February in common years). */
function age(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const leapless = bm === 2 && bd === 29 && !(ty % 4 === 0 && (ty % 100 !== 0 || ty % 400 === 0));
  const day = leapless ? 28 : bd;
  return ty - by - (tm < bm || (tm === bm && td < day) ? 1 : 0);
}

/**
 * The cutover side of flow E: true when the instance's current policy enforces ESIA-only sign-in today (tenant
 * local date) for this account's role and age, so that removing the link would lock the person out.
 *
 * TODO(policy): replace the body with `decide(policy, subject, now)` from src/core/policy.ts once it is
 * committed (exemptions and bypass windows included); the rule here is its enforce-mode core only.
 */
export function onlyWayInRule(deps: {
  dataSource: DataSource;
  diaries: DiaryDirectory;
  clock: Clock;
}): OnlyWayInRule {
  return async (instanceId, userId) => {
    const instance = deps.diaries.get(instanceId);
    const [policy] = (await deps.dataSource.query(
      `SELECT p.mode, to_char(p.cutover_date, 'YYYY-MM-DD') AS "cutoverDate", p.min_age AS "minAge", p.roles,
         p.unknown_birth_date_rule AS "unknownBirthDateRule", t.time_zone AS "timeZone"
       FROM policies p JOIN tenants t ON t.id = p.tenant_id
       WHERE p.tenant_id = $1 AND (p.instance_id = $2 OR p.instance_id IS NULL)
       ORDER BY (p.instance_id IS NULL), p.version DESC LIMIT 1`,
      [instance.tenantId, instanceId],
    )) as PolicyRow[];
    if (!policy || policy.mode !== 'enforce' || !policy.cutoverDate) return false;
    const today = localDate(deps.clock.now(), policy.timeZone);
    if (today < policy.cutoverDate) return false;
    const profile = await instance.adapter.getProfile(userId);
    if (!profile || !profile.roles.some((r) => policy.roles.includes(r))) return false;
    // Parents and staff are adults; a student of unknown age falls under the tenant's rule (fail closed).
    if (!profile.birthDate)
      return profile.roles.some((r) => r !== 'student') || policy.unknownBirthDateRule === 'deny';
    return age(profile.birthDate, today) >= policy.minAge;
  };
}
