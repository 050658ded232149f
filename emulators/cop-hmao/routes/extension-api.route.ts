import type { Router } from 'express';
import {
  type ApiAccessRequestState,
  type ApiRole,
  type DiaryApiRecords,
} from '../../shared/diary-api.records';
import { createDiaryApiRouter } from '../../shared/diary-api.router';
import type { CopContext } from '../cop-emulator.context';
import { formatSnils, snilsDigits } from '../cop-snils';
import { AccessRequestInput, type QueuedAccessRequest } from '../state/access-requests.queue';
import type { CopOrganization, CopRole, RecordHit } from '../state/cop-records.store';

/** Where the platform deploys the extension: the published diary API's default path. */
export const EXTENSION_PATH = '/elg/v1';

/** The platform's roles in the diary API's words (docs/diary-api.openapi.json, Role). */
const API_ROLE: Record<CopRole, ApiRole> = {
  STUDENT: 'student',
  LEGAL_REPRESENTATIVE: 'parent',
  TEACHER: 'teacher',
  EMPLOYEE: 'staff',
  ADMINISTRATOR: 'staff',
};
const API_STATUS = { NEW: 'open', RESOLVED: 'resolved', REJECTED: 'rejected' } as const;

const organizationJson = (o: CopOrganization) => ({
  id: o.id,
  name: o.name,
  municipality: o.municipality,
  type: o.type,
});
const requestJson = (r: QueuedAccessRequest): ApiAccessRequestState => ({
  id: r.id,
  status: API_STATUS[r.status],
  resolution: r.resolution,
  userId: r.userId,
});
const unique = <T>(items: T[], key: (item: T) => string) => [
  ...new Map(items.map((item) => [key(item), item])).values(),
];
const membershipsOf = (records: RecordHit[]) =>
  unique(
    records.map((r) => ({ organization: organizationJson(r.organization), role: API_ROLE[r.role] })),
    (m) => `${m.organization.id}/${m.role}`,
  );

/**
 * The platform's records as the extension answers them: a profile is the union of the records bound to its
 * userId; SNILS is matched in the pupil files by its eleven digits (schools type it in every spelling); the
 * cascade has no «Населённый пункт»; access requests go to the platform's own numbered queue. No password
 * checks and no link notices here: the platform matches on every sign-in.
 */
function copRecords({ store, queue }: CopContext): DiaryApiRecords {
  return {
    account: (userId) => {
      const records = store.recordsOf(userId);
      if (records.length === 0) return undefined;
      const first = records[0]!.person;
      const digits = records.map((r) => snilsDigits(r.person.snils)).find(Boolean);
      return {
        userId: first.userId,
        lastName: first.lastName,
        firstName: first.firstName,
        middleName: first.middleName,
        birthDate: records.find((r) => r.person.birthDate)?.person.birthDate ?? null,
        snils: digits ? formatSnils(digits) : null,
        locked: store.blockedReason(first.userId) !== null,
        memberships: membershipsOf(records),
      };
    },
    children: (userId) =>
      store.childrenOf(userId).map((f) => ({
        userId: f.student.userId,
        lastName: f.student.lastName,
        firstName: f.student.firstName,
        birthDate: f.student.birthDate,
        organization: organizationJson(store.organization(f.organizationId)!),
      })),
    schoolRecords: (snils) => {
      const byUser = new Map<string, RecordHit[]>();
      for (const hit of store.recordsBySnils(snilsDigits(snils)!))
        byUser.set(hit.person.userId, [...(byUser.get(hit.person.userId) ?? []), hit]);
      return [...byUser].map(([userId, hits]) => ({
        userId,
        birthDate: hits.find((h) => h.person.birthDate)?.person.birthDate ?? null,
        memberships: membershipsOf(hits),
      }));
    },
    organizations: () => store.data.organizations.map(organizationJson),
    accessRequests: {
      submit: (input) => {
        // The platform's queue keeps shorter fields than the API allows.
        const parsed = AccessRequestInput.safeParse(input);
        if (!parsed.success) return 'invalid_request';
        if (parsed.data.organizationId !== null && !store.organization(parsed.data.organizationId))
          return 'organization_unknown';
        const { request, created } = queue.submit(parsed.data);
        return { request: requestJson(request), created };
      },
      get: (id) => {
        const request = queue.get(id);
        return request && requestJson(request);
      },
    },
  };
}

/**
 * The extension the platform deploys for what ЭлЖур's own API lacks (a server's reads by user id, SNILS lookup
 * in the pupil files, the organization cascade, the access-request queue): the published diary API
 * (docs/diary-api.openapi.json) under /elg/v1, HMAC-signed by the gateway; the protocol is the shared router's
 * (emulators/shared/diary-api.router.ts).
 */
export function extensionApiRoute(ctx: CopContext): Router {
  return createDiaryApiRouter(copRecords(ctx), {
    path: EXTENSION_PATH,
    clock: ctx.clock,
    auth: { hmac: { keys: ctx.store.data.extensionKeys, nonces: ctx.extensionNonces } },
    bodyLimit: '32kb',
  });
}
