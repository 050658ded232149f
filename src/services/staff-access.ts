import type { LinksRepository } from '../store/links.repository';
import type { OperatorLookup } from '../store/operator-lookup';
import type { DiaryDirectory } from './diary-directory';
import type { SessionPerson } from './journeys.types';

/** Roles that work a school's queue: some vendors (EduStaff) do not tell teachers from other staff. */
const SCHOOL_STAFF = new Set(['staff', 'teacher']);

/** Which queues of one diary instance a person may work on. */
export interface StaffScope {
  /** A ministry operator of the instance's region: every organization, free-text ones included. */
  readonly everyOrganization: boolean;
  readonly organizationIds: ReadonlySet<string>;
}

/**
 * Minimal staff authorization (docs/decisions/0008-link-journeys.md): after an ESIA sign-in, a person works a
 * school's queue when their own linked diary account has the role `staff` or `teacher` in that school, or when they are an
 * operator of the region. No separate staff table: the diary already knows who the school's staff are.
 */
export async function staffScopeOf(
  person: SessionPerson,
  instanceId: string,
  ports: { diaries: DiaryDirectory; links: LinksRepository; operators: OperatorLookup; issuer: string },
): Promise<StaffScope> {
  const instance = ports.diaries.get(instanceId);
  if (person.confirmed && (await ports.operators.coversTenant(person.oid, instance.tenantId)))
    return { everyOrganization: true, organizationIds: new Set() };
  const links = await ports.links.activeOfPerson(ports.issuer, person.oid, instanceId);
  const memberships = (
    await Promise.all(links.map((l) => instance.adapter.listMemberships(l.legacyUserId)))
  ).flat();
  const organizationIds = new Set(
    memberships.filter((m) => SCHOOL_STAFF.has(m.role)).map((m) => m.organization.id),
  );
  return { everyOrganization: false, organizationIds };
}

/** True when the scope covers the organization. */
export function covers(scope: StaffScope, organizationId: string): boolean {
  return scope.everyOrganization || scope.organizationIds.has(organizationId);
}
