import { VendorUnavailableError, type DiaryRole } from '../../adapters/contract';
import type { Clock } from '../core/clock';
import type { AccessRequestsRepository } from '../store/access-requests.repository';
import type { LinkConflict, LinksRepository } from '../store/links.repository';
import type { DiaryInstance } from './diary-directory';

const MESSAGES: Record<LinkConflict, string> = {
  account_linked:
    'Конфликт привязки: учётная запись дневника уже привязана к другой учётной записи портала Госуслуг. Проверьте, кому принадлежит учётная запись.',
  person_linked:
    'Конфликт привязки: эта учётная запись портала Госуслуг уже привязана к другой учётной записи этого дневника.',
};

/** The school whose queue gets the request: the account's first organization, as the vendor lists it. */
async function queueOf(
  instance: DiaryInstance,
  userId: string,
): Promise<{ organizationId: string; role: DiaryRole }> {
  try {
    const [first] = await instance.adapter.listMemberships(userId);
    if (first) return { organizationId: first.organization.id, role: first.role };
  } catch (err) {
    // A vendor outage must not lose the conflict: the request waits in the instance-wide queue instead.
    if (!(err instanceof VendorUnavailableError)) throw err;
  }
  return { organizationId: 'unknown', role: 'parent' };
}

/**
 * A refused link never silently reassigns anything (DESIGN §5.3): it leaves a 'conflict' audit row and an
 * access request in the school's queue, and the person is told so. Returns the request's id.
 */
export async function openConflictRequest(
  instance: DiaryInstance,
  userId: string,
  person: { oid: string; displayName: string; confirmed?: boolean },
  kind: LinkConflict,
  ports: { links: LinksRepository; requests: AccessRequestsRepository; clock: Clock; issuer: string },
): Promise<string> {
  const at = ports.clock.now();
  await ports.links.recordConflict(instance.id, 'user', at, { conflict: kind, userId });
  const queue = await queueOf(instance, userId);
  return ports.requests.create({
    instanceId: instance.id,
    ...queue,
    reason: 'data_mismatch',
    message: MESSAGES[kind],
    contact: 'не указан (обращение создано автоматически)',
    esiaOid: person.oid,
    esiaIssuer: ports.issuer,
    esiaConfirmed: person.confirmed ?? false,
    personName: person.displayName,
    at,
    deliver: instance.adapter.capabilities.accessRequests,
  });
}
