import { MemoryStateStore } from '../../src/cache/memory-state-store';
import { FixedClock } from '../../src/core/clock';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { handOff, type LoginPorts } from '../../src/services/esia-login.use-case';
import type { LoginChoice } from '../../src/services/journeys.types';
import { JourneyMissingError } from '../../src/services/linking.errors';
import { SsoCodes } from '../../src/services/sso-codes';
import {
  ALL_CAPABILITIES,
  MemoryAccessRequests,
  MemoryDiary,
  MemoryLinks,
} from '../support/memory-journey-ports';

// The home-made hand-off (a one-time SSO code on the vendor's address) and the link a SNILS-matched choice
// becomes. Issue 16 replaces handOff with the OpenID Provider's snilsLinkChange: this file leaves with it.

const NOW = new Date('2026-09-10T06:00:00Z');
const ISSUER = 'http://esia.gosuslugi.ru/';
const PERSON = {
  oid: '1000299353',
  displayName: 'Иванова Мария Петровна',
  confirmed: true,
  person: { snils: '112-233-445 95', birthDate: '12.04.1985' },
};
const choice = (over: Partial<LoginChoice> = {}): LoginChoice => ({
  userId: 'r1',
  organizationId: 's1',
  organizationName: 'Школа s1',
  role: 'parent',
  viaSnils: true,
  ...over,
});

function world(capabilities = ALL_CAPABILITIES) {
  const clock = new FixedClock(NOW);
  const diary = new MemoryDiary(capabilities);
  diary.memberships.set('r1', [{ organization: { id: 's1', name: 'Школа s1' }, role: 'parent' }]);
  const links = new MemoryLinks();
  const requests = new MemoryAccessRequests();
  const ssoCodes = new SsoCodes(new MemoryStateStore(clock), clock);
  const instance = {
    id: 'dnevnik-86',
    tenantId: '86',
    displayName: 'Дневник',
    baseUrl: 'https://diary.example.ru',
    // returnUrlAllowlist until issue 16, client after it: a plain value carries both.
    returnUrlAllowlist: [],
    client: null,
    adapter: diary,
  };
  const ports: LoginPorts = {
    diaries: new DiaryDirectory([instance]),
    links: links.asPort(),
    requests: requests.asPort(),
    ssoCodes,
    issuer: ISSUER,
    clock,
  };
  return { ports, links, requests, ssoCodes };
}
const codeOf = (url: string) => {
  expect(url).toMatch(/^https:\/\/diary\.example\.ru\/sso\?code=/);
  return decodeURIComponent(url.split('code=')[1]!);
};

describe('handOff: the chosen account goes to the diary', () => {
  it('a linked account: a one-time code for the instance, account, organization and role, and no new link', async () => {
    const { ports, links, ssoCodes } = world();
    const answer = await handOff('dnevnik-86', choice({ viaSnils: false }), PERSON, ports);
    expect(answer.kind).toBe('redirect');
    const code = codeOf((answer as { url: string }).url);
    expect(await ssoCodes.exchange(code, 'dnevnik-86')).toEqual({
      instanceId: 'dnevnik-86',
      userId: 'r1',
      organizationId: 's1',
      role: 'parent',
    });
    expect(links.created).toEqual([]);
  });

  it('a password sign-in (no ESIA person) may hand over a linked account, never link a SNILS match', async () => {
    const { ports } = world();
    expect(await handOff('dnevnik-86', choice({ viaSnils: false }), null, ports)).toMatchObject({
      kind: 'redirect',
    });
    await expect(handOff('dnevnik-86', choice(), null, ports)).rejects.toBeInstanceOf(JourneyMissingError);
  });

  it('a SNILS match becomes a link (snils-match, by the user, now) before the hand-off', async () => {
    const { ports, links } = world({ ...ALL_CAPABILITIES, linkNotifications: false });
    expect(await handOff('dnevnik-86', choice(), PERSON, ports)).toMatchObject({ kind: 'redirect' });
    expect(links.created).toEqual([
      {
        issuer: ISSUER,
        oid: '1000299353',
        instanceId: 'dnevnik-86',
        userId: 'r1',
        method: 'snils-match',
        actor: 'user',
        at: NOW,
        notify: false,
      },
    ]);
  });

  it('a person who already has a link in this diary gets no second one', async () => {
    const { ports, links } = world();
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'r0');
    expect(await handOff('dnevnik-86', choice(), PERSON, ports)).toMatchObject({ kind: 'redirect' });
    expect(links.created).toEqual([]);
  });

  it('the account was linked to somebody else meanwhile: a conflict and a request, no hand-off', async () => {
    const { ports, links, requests } = world();
    links.beforeCreate = () => void links.seed(ISSUER, '1000777777', 'dnevnik-86', 'r1');
    expect(await handOff('dnevnik-86', choice(), PERSON, ports)).toEqual({
      kind: 'conflict',
      requestId: requests.rows[0]!.id,
    });
    expect(requests.rows[0]!.input).toMatchObject({ organizationId: 's1', esiaOid: '1000299353' });
  });

  it('the person linked another account of this diary meanwhile: a conflict and a request, no hand-off', async () => {
    const { ports, links, requests } = world();
    links.beforeCreate = () => void links.seed(ISSUER, '1000299353', 'dnevnik-86', 'r9');
    expect(await handOff('dnevnik-86', choice(), PERSON, ports)).toEqual({
      kind: 'conflict',
      requestId: requests.rows[0]!.id,
    });
    expect(links.conflicts[0]!.details).toEqual({ conflict: 'person_linked', userId: 'r1' });
  });

  it('the same person linked it meanwhile (a double submit): the hand-off goes on', async () => {
    const { ports, links, requests } = world();
    links.beforeCreate = () => void links.seed(ISSUER, '1000299353', 'dnevnik-86', 'r1');
    expect(await handOff('dnevnik-86', choice(), PERSON, ports)).toMatchObject({ kind: 'redirect' });
    expect(requests.rows).toEqual([]);
  });
});
