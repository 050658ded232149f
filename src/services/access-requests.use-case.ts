import { ROLES } from '../core/policy.types';
import { z } from 'zod';
import type { DiaryRole } from '../../adapters/contract';
import type { Clock } from '../core/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import type { AccessRequest, AccessRequestsRepository } from '../store/access-requests.repository';
import type { DiaryDirectory } from './diary-directory';
import type { SessionPerson } from './journeys.types';

/** What a person types into «Обращение о проблеме доступа». Free-text organizations are kept as `free:<name>`. */
export const AccessRequestForm = z.object({
  organizationId: z.string().trim().max(200).optional(),
  organizationName: z.string().trim().max(200).optional(),
  role: z.enum(ROLES),
  reason: z.enum(['organization_missing', 'profile_missing', 'data_mismatch']),
  message: z.string().trim().max(2000).default(''),
  contact: z.string().trim().min(3).max(200),
});
export type AccessRequestInput = z.infer<typeof AccessRequestForm>;

/** The requests store as the access-request steps use it. */
export type AccessRequestStore = Pick<AccessRequestsRepository, 'create' | 'find' | 'close'>;

/** What the access-request steps need. */
export interface AccessRequestPorts {
  readonly diaries: DiaryDirectory;
  readonly requests: AccessRequestStore;
  readonly clock: Clock;
  /** ESIA's issuer: recorded with the requester's oid, the link key a vendor's resolve may complete. */
  readonly issuer: string;
}

/**
 * Flow D: validates the form, stores the request (name, contact, message; never SNILS) and, where the vendor
 * keeps its own queue, hands it over through the outbox; otherwise it waits in the gateway's staff queue.
 */
export async function submitAccessRequest(
  instanceId: string,
  person: SessionPerson,
  body: unknown,
  ports: AccessRequestPorts,
): Promise<string> {
  const input = parseForm(body);
  const instance = ports.diaries.get(instanceId);
  return ports.requests.create({
    instanceId,
    organizationId: organizationOf(input),
    role: input.role as DiaryRole,
    reason: input.reason,
    message: input.message,
    contact: input.contact,
    esiaOid: person.oid,
    esiaIssuer: ports.issuer,
    esiaConfirmed: person.confirmed,
    personName: person.displayName,
    at: ports.clock.now(),
    deliver: instance.adapter.capabilities.accessRequests,
  });
}

/** The request, shown only to the ESIA person who made it: anyone else gets the same 404 as for no request. */
export async function requestOfPerson(
  id: string,
  person: SessionPerson,
  requests: Pick<AccessRequestStore, 'find'>,
): Promise<AccessRequest> {
  const found = await requests.find(id);
  if (!found || found.esiaOid !== person.oid) throw new NotFoundError('access request');
  return found;
}

function parseForm(body: unknown): AccessRequestInput {
  const parsed = AccessRequestForm.safeParse(body);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.path.join('.') || 'form'));
  return parsed.data;
}

function organizationOf(input: AccessRequestInput): string {
  if (input.organizationId && input.organizationId !== 'other') return input.organizationId;
  if (input.organizationName) return `free:${input.organizationName}`;
  throw new ValidationError(['organization']);
}

/** Staff close a request with a note the requester reads at /requests/:id. */
export async function decideAccessRequest(
  input: {
    id: string;
    decision: unknown;
    note: unknown;
    staffName: string;
    allowed: (r: AccessRequest) => Promise<boolean>;
  },
  ports: AccessRequestPorts,
): Promise<void> {
  const status = input.decision === 'resolve' ? 'resolved' : input.decision === 'reject' ? 'rejected' : null;
  const note = typeof input.note === 'string' ? input.note.trim().slice(0, 2000) : '';
  if (!status || !note) throw new ValidationError([status ? 'note' : 'decision']);
  const request = await ports.requests.find(input.id);
  if (!request) throw new NotFoundError('access request');
  if (!(await input.allowed(request))) throw new ForbiddenError('not staff of this organization');
  await ports.requests.close({
    id: input.id,
    status,
    resolution: note,
    by: input.staffName,
    at: ports.clock.now(),
  });
}
