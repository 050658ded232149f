import type { Membership, SchoolRecordMatch } from '../../adapters/contract';
import type { Clock } from '../core/clock';
import type { AccessRequestsRepository } from '../store/access-requests.repository';
import type { LinksRepository } from '../store/links.repository';
import type { DiaryDirectory, DiaryInstance } from './diary-directory';
import { isoBirthDate, type PersonFacts } from './esia-person';
import type { LoginChoice } from './journeys.types';
import { openConflictRequest } from './link-conflicts';
import { JourneyMissingError } from './linking.errors';
import type { SsoCodes } from './sso-codes';

/** What sign-in through ESIA needs from outside. */
export interface LoginPorts {
  readonly diaries: DiaryDirectory;
  readonly links: LinksRepository;
  readonly requests: AccessRequestsRepository;
  readonly ssoCodes: SsoCodes;
  readonly issuer: string;
  readonly clock: Clock;
}

/** An account the person may enter, and how we know it is theirs. */
interface Account {
  readonly userId: string;
  readonly viaSnils: boolean;
  readonly memberships: readonly Membership[] | null;
}

/** The person as the login flow reads them: who, and the facts SNILS matching needs. */
export type LoginPerson = PersonFacts & { readonly oid: string; readonly displayName: string };

/**
 * Flow B after ESIA: the person's linked accounts in this diary, plus (where the vendor holds school records)
 * the records matching their SNILS, as one line per account × membership for the chooser. Empty means
 * «Не удалось найти вашу учетную запись».
 */
export async function findLoginChoices(
  instanceId: string,
  person: LoginPerson,
  ports: LoginPorts,
): Promise<LoginChoice[]> {
  const instance = ports.diaries.get(instanceId);
  const linked = await linkedAccounts(instance, person.oid, ports);
  const matched = await snilsMatchedAccounts(instance, person, ports);
  const accounts = [...linked, ...matched.filter((m) => !linked.some((l) => l.userId === m.userId))];
  const choices = await Promise.all(accounts.map((a) => choicesOf(instance, a)));
  return choices.flat();
}

/**
 * Hands the chosen account over: a SNILS-matched choice first becomes a link (method snils-match) when the
 * person has none in this diary yet, so that next time is direct; then a one-time code (60 s) bound to the
 * instance, account, organization and role, on the vendor's hand-off address.
 */
export async function handOff(
  instanceId: string,
  choice: LoginChoice,
  person: LoginPerson | null,
  ports: LoginPorts,
): Promise<{ kind: 'redirect'; url: string } | { kind: 'conflict'; requestId: string }> {
  const instance = ports.diaries.get(instanceId);
  if (choice.viaSnils) {
    // A SNILS match becomes a link to an ESIA person: without one (a password sign-in) there is nothing to link.
    if (!person) throw new JourneyMissingError();
    const refused = await linkMatchedAccount(instance, choice.userId, person, ports);
    if (refused) return refused;
  }
  const code = await ports.ssoCodes.issue({
    instanceId,
    userId: choice.userId,
    organizationId: choice.organizationId,
    role: choice.role,
  });
  return { kind: 'redirect', url: instance.adapter.handOffUrl(code) };
}

async function linkedAccounts(instance: DiaryInstance, oid: string, ports: LoginPorts): Promise<Account[]> {
  const links = await ports.links.activeOfPerson(ports.issuer, oid, instance.id);
  return links.map((l) => ({ userId: l.legacyUserId, viaSnils: false, memberships: null }));
}

/**
 * SNILS matching only with a confirmed account (DESIGN §5.1); a record whose birth date differs from ESIA's is
 * dropped, and so is an account already linked to somebody else.
 */
async function snilsMatchedAccounts(
  instance: DiaryInstance,
  person: LoginPerson,
  ports: LoginPorts,
): Promise<Account[]> {
  const { snils, birthDate } = person.person;
  if (!instance.adapter.capabilities.snilsMatch || !person.confirmed || !snils) return [];
  const esiaBirthDate = isoBirthDate(birthDate);
  const agrees = (m: SchoolRecordMatch) => !m.birthDate || !esiaBirthDate || m.birthDate === esiaBirthDate;
  const matches = (await instance.adapter.findBySnils(snils)).filter(agrees);
  const free = await Promise.all(
    matches.map(async (m) => {
      const link = await ports.links.activeOfAccount(instance.id, m.userId);
      return !link || link.esiaOid === person.oid;
    }),
  );
  return matches
    .filter((_, i) => free[i])
    .map((m) => ({ userId: m.userId, viaSnils: true, memberships: m.memberships }));
}

async function choicesOf(instance: DiaryInstance, account: Account): Promise<LoginChoice[]> {
  const memberships = account.memberships ?? (await instance.adapter.listMemberships(account.userId));
  if (!memberships.length)
    return [
      {
        userId: account.userId,
        organizationId: null,
        organizationName: instance.displayName,
        role: null,
        viaSnils: account.viaSnils,
      },
    ];
  return memberships.map((m) => ({
    userId: account.userId,
    organizationId: m.organization.id,
    organizationName: m.organization.name,
    role: m.role,
    viaSnils: account.viaSnils,
  }));
}

/** Null when linked (or when the person already has a link here and the record itself is the proof). */
async function linkMatchedAccount(
  instance: DiaryInstance,
  userId: string,
  person: LoginPerson,
  ports: LoginPorts,
): Promise<{ kind: 'conflict'; requestId: string } | null> {
  if ((await ports.links.activeOfPerson(ports.issuer, person.oid, instance.id)).length) return null;
  const created = await ports.links.create({
    issuer: ports.issuer,
    oid: person.oid,
    instanceId: instance.id,
    userId,
    method: 'snils-match',
    actor: 'user',
    at: ports.clock.now(),
    notify: instance.adapter.capabilities.linkNotifications,
  });
  if (created.ok) return null;
  const mine = await ports.links.activeOfAccount(instance.id, userId);
  if (mine?.esiaOid === person.oid) return null;
  const requestId = await openConflictRequest(instance, userId, person, created.conflict, ports);
  return { kind: 'conflict', requestId };
}
