import type { DiaryRole, IsoDate, Organization } from '../contract';

const ROLES: Record<string, DiaryRole> = {
  Student: 'student',
  Parent: 'parent',
  Teacher: 'teacher',
  Administrator: 'staff',
  SchoolAdmin: 'staff',
  Director: 'staff',
  HeadTeacher: 'staff',
  Secretary: 'staff',
};

/** The gateway's role for a vendor role name; null for a role the gateway has no use for. */
export function mapRole(vendorRole: string): DiaryRole | null {
  return ROLES[vendorRole] ?? null;
}

/** Distinct gateway roles of a list of vendor roles, in order. */
export function mapRoles(vendorRoles: readonly string[]): DiaryRole[] {
  return [...new Set(vendorRoles.map(mapRole).filter((r): r is DiaryRole => r !== null))];
}

/**
 * A vendor date-time ("2011-03-10T00:00:00") as a calendar date. The vendor writes an unknown date as
 * .NET's DateTime.MinValue ("0001-01-01T00:00:00"): that, and anything unreadable, is null, never a date.
 */
export function toIsoDate(value: string | null | undefined): IsoDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match || Number(match[1]) < 1900) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** A school of the vendor's context as the contract's Organization. */
export function toOrganization(school: {
  id: number | string;
  name: string;
  municipality?: string;
  funcType?: string;
}): Organization {
  return {
    id: String(school.id),
    name: school.name,
    ...(school.municipality ? { municipality: school.municipality } : {}),
    ...(school.funcType ? { type: school.funcType } : {}),
  };
}
