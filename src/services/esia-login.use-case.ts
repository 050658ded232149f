import type { DiscardedFactReport } from '../core/discarded-fact';
import type { Membership, SchoolRecordMatch } from '../../adapters/contract';
import type { Clock } from '../core/clock';
import type { AccessRequestsRepository } from '../store/access-requests.repository';
import type { LinksRepository } from '../store/links.repository';
import type { DiaryDirectory, DiaryInstance } from './diary-directory';
import { believedSchoolDate, isoBirthDate, type PersonFacts } from './esia-person';
import type { LoginChoice } from './journeys.types';
import type { PendingChange } from './pending-change.use-case';

/** What sign-in through ESIA needs from outside. */
export interface LoginPorts {
  readonly diaries: DiaryDirectory;
  readonly links: LinksRepository;
  readonly requests: AccessRequestsRepository;
  readonly issuer: string;
  readonly clock: Clock;
  /** Hears of a school record's birth date that could be nobody's (treated as absent). */
  readonly discarded?: DiscardedFactReport;
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
 * A SNILS-matched choice becomes a link (method snils-match) when the person has none in this diary yet, so
 * that next time is direct; like every link it is written only when the diary redeems its code.
 */
export async function snilsLinkChange(
  instanceId: string,
  choice: LoginChoice,
  person: LoginPerson,
  ports: LoginPorts,
): Promise<PendingChange | undefined> {
  if (!choice.viaSnils) return undefined;
  if ((await ports.links.activeOfPerson(ports.issuer, person.oid, instanceId)).length) return undefined;
  return {
    kind: 'link',
    link: { instanceId, userId: choice.userId, oid: person.oid, method: 'snils-match' },
    personName: person.displayName,
  };
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
  const now = ports.clock.now();
  const agrees = (m: SchoolRecordMatch) => {
    const school = believedSchoolDate(m.birthDate, 'school_record', now, ports.discarded);
    return !school || !esiaBirthDate || school === esiaBirthDate;
  };
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
