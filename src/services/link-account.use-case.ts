import type { DiscardedFactReport } from '../core/discarded-fact';
import type { Clock } from '../core/clock';
import type { AccessRequestsRepository } from '../store/access-requests.repository';
import type { ActiveLink, LinkConflict, LinksRepository } from '../store/links.repository';
import type { DiaryDirectory, DiaryInstance } from './diary-directory';
import { believedSchoolDate, mismatchedFacts, recordNamesPerson, type PersonFacts } from './esia-person';
import type { AccountJourney } from './journeys.types';
import { openConflictRequest } from './link-conflicts';

/** What the link journey needs from outside. */
export interface LinkPorts {
  readonly diaries: DiaryDirectory;
  readonly links: LinksRepository;
  readonly requests: AccessRequestsRepository;
  /** ESIA's issuer: half of the link key (DESIGN §5.1). */
  readonly issuer: string;
  readonly clock: Clock;
  /** Hears of a school birth date that could be nobody's (treated as absent). */
  readonly discarded?: DiscardedFactReport;
}

/**
 * Checked and waiting: first for the person's «Привязать» (held in the session), then for the diary to redeem
 * its code (held by the provider). No personal data.
 */
export interface PendingLink {
  readonly instanceId: string;
  readonly userId: string;
  readonly oid: string;
  readonly method: AccountJourney['method'] | 'snils-match';
}

/** The outcome of the checks after ESIA: one page each. */
export type LinkCheck =
  | { kind: 'ready'; pending: PendingLink; accountName: string }
  | { kind: 'already_linked'; accountName: string }
  | { kind: 'unconfirmed' }
  | { kind: 'no_snils' }
  | { kind: 'profile_missing' }
  | { kind: 'mismatch'; fields: Array<'snils' | 'birthDate'> }
  | { kind: 'name_mismatch' }
  | { kind: 'conflict'; conflict: LinkConflict; requestId: string };

/** The outcome of the confirmation. */
export type LinkConfirmation =
  { kind: 'linked'; link: ActiveLink; existed: boolean } | Extract<LinkCheck, { kind: 'conflict' }>;

/**
 * Flow A after ESIA: confirmed account → SNILS present → the school's record agrees → the record names this
 * person (or a school fact equals ESIA's) → no conflicting link. Nothing is written except, for a conflict,
 * its audit row and the school's queue entry.
 */
export async function checkLink(
  journey: AccountJourney,
  person: PersonFacts & { oid: string; displayName: string },
  ports: LinkPorts,
): Promise<LinkCheck> {
  if (!person.confirmed) return { kind: 'unconfirmed' };
  if (!person.person.snils) return { kind: 'no_snils' };
  const instance = ports.diaries.get(journey.instanceId);
  const profile = await instance.adapter.getProfile(journey.userId);
  if (!profile) return { kind: 'profile_missing' };
  const now = ports.clock.now();
  const record = {
    ...profile,
    birthDate: believedSchoolDate(profile.birthDate, 'diary_profile', now, ports.discarded),
  };
  const fields = mismatchedFacts(person, record);
  if (fields.length) return { kind: 'mismatch', fields };
  if (!recordNamesPerson(person, record)) return { kind: 'name_mismatch' };
  const accountName = [record.lastName, record.firstName, record.middleName].filter(Boolean).join(' ');
  const existing = await existingLinkOf(journey, person.oid, ports);
  if (existing === 'same') return { kind: 'already_linked', accountName };
  if (existing) return conflict(instance, journey.userId, person, existing, ports);
  const { instanceId, userId, method } = journey;
  return { kind: 'ready', pending: { instanceId, userId, oid: person.oid, method }, accountName };
}

/**
 * Writes the link with its event and outbox row. The unique indexes decide races: a concurrent or repeated
 * submit by the same person ends as the same success; anyone else gets the conflict page.
 */
export async function confirmLink(
  pending: PendingLink,
  person: { oid: string; displayName: string },
  ports: LinkPorts,
): Promise<LinkConfirmation> {
  const instance = ports.diaries.get(pending.instanceId);
  const created = await ports.links.create({
    issuer: ports.issuer,
    oid: pending.oid,
    instanceId: pending.instanceId,
    userId: pending.userId,
    method: pending.method,
    actor: 'user',
    at: ports.clock.now(),
    notify: instance.adapter.capabilities.linkNotifications,
  });
  if (created.ok) return { kind: 'linked', link: created.link, existed: false };
  const mine = await ports.links.activeOfAccount(pending.instanceId, pending.userId);
  if (mine && mine.esiaOid === pending.oid) return { kind: 'linked', link: mine, existed: true };
  return conflict(instance, pending.userId, person, created.conflict, ports);
}

/** 'same' when this very link exists; otherwise which unique rule a new link would break, if any. */
async function existingLinkOf(
  journey: AccountJourney,
  oid: string,
  ports: LinkPorts,
): Promise<'same' | LinkConflict | null> {
  const ofAccount = await ports.links.activeOfAccount(journey.instanceId, journey.userId);
  if (ofAccount) return ofAccount.esiaOid === oid ? 'same' : 'account_linked';
  const ofPerson = await ports.links.activeOfPerson(ports.issuer, oid, journey.instanceId);
  return ofPerson.length ? 'person_linked' : null;
}

async function conflict(
  instance: DiaryInstance,
  userId: string,
  person: { oid: string; displayName: string },
  kind: LinkConflict,
  ports: LinkPorts,
): Promise<Extract<LinkCheck, { kind: 'conflict' }>> {
  const requestId = await openConflictRequest(instance, userId, person, kind, ports);
  return { kind: 'conflict', conflict: kind, requestId };
}
