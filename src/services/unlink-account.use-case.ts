import type { Clock } from '../core/clock';
import type { LinksRepository } from '../store/links.repository';
import type { DiaryDirectory } from './diary-directory';
import type { AccountJourney } from './journeys.types';
import { ProofTooOldError, UnlinkRefusedError } from './linking.errors';

/** Unlinking needs an ESIA sign-in no older than this (flow E: "fresh proof"). */
export const UNLINK_PROOF_MAX_AGE_MS = 5 * 60_000;

/** After cutover, is the ESIA link this account's only way in? (The cutover policy decides.) */
export type OnlyWayInRule = (instanceId: string, userId: string) => Promise<boolean>;

/** What unlinking needs from outside. */
export interface UnlinkPorts {
  readonly diaries: DiaryDirectory;
  readonly links: LinksRepository;
  readonly clock: Clock;
  readonly onlyWayIn: OnlyWayInRule;
}

/** Proven and waiting for «Отвязать». */
export interface PendingUnlink {
  readonly linkId: string;
  readonly instanceId: string;
  readonly userId: string;
  readonly oid: string;
  readonly provenAt: number;
}

export type UnlinkCheck =
  { kind: 'ready'; pending: PendingUnlink } | { kind: 'not_linked' } | { kind: 'other_person' };

/** Flow E after ESIA: the account's active link must be this person's. */
export async function checkUnlink(
  journey: AccountJourney,
  person: { oid: string; signedInAt: number },
  ports: UnlinkPorts,
): Promise<UnlinkCheck> {
  const link = await ports.links.activeOfAccount(journey.instanceId, journey.userId);
  if (!link) return { kind: 'not_linked' };
  if (link.esiaOid !== person.oid) return { kind: 'other_person' };
  const { instanceId, userId } = journey;
  return {
    kind: 'ready',
    pending: { linkId: link.id, instanceId, userId, oid: person.oid, provenAt: person.signedInAt },
  };
}

/**
 * Revokes the link (revoked_at, a 'revoked' event and a `link.revoked` outbox row in one transaction) unless the
 * proof is stale or the link is the only way in for a user the cutover policy refuses passwords to. A repeated
 * submit finds the link already revoked and ends the same way.
 */
export async function confirmUnlink(pending: PendingUnlink, ports: UnlinkPorts): Promise<void> {
  assertFreshProof(pending, ports.clock);
  if (await ports.onlyWayIn(pending.instanceId, pending.userId)) throw new UnlinkRefusedError();
  const instance = ports.diaries.get(pending.instanceId);
  await ports.links.revoke({
    linkId: pending.linkId,
    userId: pending.userId,
    instanceId: pending.instanceId,
    reason: 'user',
    actor: 'user',
    at: ports.clock.now(),
    notify: instance.adapter.capabilities.linkNotifications,
  });
}

function assertFreshProof(pending: PendingUnlink, clock: Clock): void {
  if (clock.now().getTime() - pending.provenAt > UNLINK_PROOF_MAX_AGE_MS) throw new ProofTooOldError();
}
