import type { DiscardedFact } from '../../src/core/discarded-fact';
import type { DiaryProfile } from '../../adapters/contract';
import { FixedClock } from '../../src/core/clock';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { checkLink, confirmLink, type LinkPorts } from '../../src/services/link-account.use-case';
import {
  ALL_CAPABILITIES,
  MemoryAccessRequests,
  MemoryDiary,
  MemoryLinks,
} from '../support/memory-journey-ports';

// The rules of linking after ESIA (flow A, DESIGN §5.2–5.3) with in-memory ports: the order of the checks,
// each refusal, and that nothing is written but a conflict's audit row and queue entry. Journeys and people are
// plain values, so that fields other flows add beside these do not change what is tested here.

const NOW = new Date('2026-09-10T06:00:00Z');
const ISSUER = 'http://esia.gosuslugi.ru/';
const SNILS = '112-233-445 95';
const SCHOOL_7 = { organization: { id: 'school-7', name: 'МБОУ СОШ № 7' }, role: 'parent' as const };

const profile = (over: Partial<DiaryProfile> = {}): DiaryProfile => ({
  userId: 'u1',
  lastName: 'Иванова',
  firstName: 'Мария',
  middleName: 'Петровна',
  birthDate: '1985-04-12',
  snils: SNILS,
  roles: ['parent'],
  locked: false,
  ...over,
});
const esiaPerson = (over: { confirmed?: boolean; snils?: string; birthDate?: string } = {}) => {
  const { confirmed = true, ...facts } = over;
  return {
    oid: '1000299353',
    displayName: 'Иванова Мария Петровна',
    confirmed,
    person: { snils: SNILS, birthDate: '12.04.1985', lastName: 'Иванова', firstName: 'Мария', ...facts },
  };
};
const journey = {
  kind: 'link' as const,
  instanceId: 'dnevnik-86',
  userId: 'u1',
  method: 'settings-page' as const,
  interaction: 'interaction-1',
};

function world(capabilities = ALL_CAPABILITIES) {
  const diary = new MemoryDiary(capabilities);
  diary.profiles.set('u1', profile());
  diary.memberships.set('u1', [SCHOOL_7]);
  const links = new MemoryLinks();
  const requests = new MemoryAccessRequests();
  const instance = {
    id: 'dnevnik-86',
    tenantId: '86',
    displayName: 'Дневник',
    baseUrl: 'https://diary.example.ru',
    client: null,
    adapter: diary,
  };
  const ports: LinkPorts = {
    diaries: new DiaryDirectory([instance, { ...instance, id: 'other-86' }]),
    links: links.asPort(),
    requests: requests.asPort(),
    issuer: ISSUER,
    clock: new FixedClock(NOW),
  };
  return { ports, diary, links, requests };
}

describe('checkLink: the checks after ESIA, in order', () => {
  it('an unconfirmed ESIA account is refused first, before SNILS, the diary or any link is looked at', async () => {
    const { ports, diary } = world();
    expect(await checkLink(journey, esiaPerson({ confirmed: false, snils: undefined }), ports)).toEqual({
      kind: 'unconfirmed',
    });
    expect(diary.calls).toEqual([]);
  });

  it('a confirmed account without SNILS is refused before the diary is asked', async () => {
    const { ports, diary } = world();
    expect(await checkLink(journey, esiaPerson({ snils: '' }), ports)).toEqual({ kind: 'no_snils' });
    expect(await checkLink(journey, esiaPerson({ snils: undefined }), ports)).toEqual({ kind: 'no_snils' });
    expect(diary.calls).toEqual([]);
  });

  it('a diary account the vendor does not have is refused', async () => {
    const { ports, diary } = world();
    diary.profiles.clear();
    expect(await checkLink(journey, esiaPerson(), ports)).toEqual({ kind: 'profile_missing' });
  });

  it('the school’s SNILS or birth date differing from ESIA’s is refused, naming each fact', async () => {
    const { ports, diary } = world();
    expect(await checkLink(journey, esiaPerson({ snils: '141-042-409 97' }), ports)).toEqual({
      kind: 'mismatch',
      fields: ['snils'],
    });
    expect(await checkLink(journey, esiaPerson({ birthDate: '13.04.1985' }), ports)).toEqual({
      kind: 'mismatch',
      fields: ['birthDate'],
    });
    expect(
      await checkLink(journey, esiaPerson({ snils: '141-042-409 97', birthDate: '13.04.1985' }), ports),
    ).toEqual({
      kind: 'mismatch',
      fields: ['snils', 'birthDate'],
    });
    // A fact the school does not hold is not compared; the spelling of SNILS does not matter.
    diary.profiles.set('u1', profile({ snils: null, birthDate: null }));
    expect(await checkLink(journey, esiaPerson({ snils: '141-042-409 97' }), ports)).toMatchObject({
      kind: 'ready',
    });
    diary.profiles.set('u1', profile({ snils: '11223344595' }));
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
  });

  it('a school birth date that could be nobody’s is not compared: reported, and the other facts decide', async () => {
    const { ports, diary } = world();
    const heard: DiscardedFact[] = [];
    const reporting = { ...ports, discarded: (f: DiscardedFact) => heard.push(f) };
    diary.profiles.set('u1', profile({ birthDate: '2031-04-12' }));
    expect(await checkLink(journey, esiaPerson(), reporting)).toMatchObject({ kind: 'ready' });
    diary.profiles.set('u1', profile({ birthDate: '1812-04-12', snils: '141-042-409 97' }));
    expect(await checkLink(journey, esiaPerson(), reporting)).toEqual({
      kind: 'mismatch',
      fields: ['snils'],
    });
    expect(heard).toEqual([
      { source: 'diary_profile', field: 'birthDate', problem: 'future' },
      { source: 'diary_profile', field: 'birthDate', problem: 'before_1900' },
    ]);
  });

  it('everything agreeing and no link in the way: ready, with the account’s name, and nothing written', async () => {
    const { ports, links, requests } = world();
    const check = await checkLink(journey, esiaPerson(), ports);
    expect(check).toMatchObject({
      kind: 'ready',
      pending: { instanceId: 'dnevnik-86', userId: 'u1', oid: '1000299353', method: 'settings-page' },
      accountName: 'Иванова Мария Петровна',
    });
    expect(links.created).toEqual([]);
    expect(links.conflicts).toEqual([]);
    expect(requests.rows).toEqual([]);
  });

  it('a record naming someone else is refused unless a school fact equals ESIA’s (the second guard)', async () => {
    const { ports, diary, links, requests } = world();
    const stranger = { lastName: 'Петрова', firstName: 'Анна' };
    // Facts the school holds that equal ESIA's vouch for the person whatever the name says.
    diary.profiles.set('u1', profile({ ...stranger }));
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
    diary.profiles.set('u1', profile({ ...stranger, snils: null }));
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
    diary.profiles.set('u1', profile({ ...stranger, birthDate: null }));
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
    // No fact held: only the names decide, and they name someone else.
    diary.profiles.set('u1', profile({ ...stranger, snils: null, birthDate: null }));
    expect(await checkLink(journey, esiaPerson(), ports)).toEqual({ kind: 'name_mismatch' });
    // The same name spelt with ё, other case or spaces is the same person.
    diary.profiles.set(
      'u1',
      profile({ lastName: ' иванова ', firstName: 'МАРИЯ', snils: null, birthDate: null }),
    );
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
    expect(links.conflicts).toEqual([]);
    expect(requests.rows).toEqual([]);
  });

  it('the account’s name leaves out a missing middle name', async () => {
    const { ports, diary } = world();
    diary.profiles.set('u1', profile({ middleName: null }));
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ accountName: 'Иванова Мария' });
  });

  it('this very link already exists: already linked, and no conflict', async () => {
    const { ports, links, requests } = world();
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'u1');
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'already_linked' });
    expect(links.conflicts).toEqual([]);
    expect(requests.rows).toEqual([]);
  });

  it('the diary account is linked to someone else: a conflict, its audit row and a request in the school’s queue', async () => {
    const { ports, links, requests } = world();
    links.seed(ISSUER, '1000777777', 'dnevnik-86', 'u1');
    const check = await checkLink(journey, esiaPerson(), ports);
    expect(check).toEqual({ kind: 'conflict', conflict: 'account_linked', requestId: requests.rows[0]!.id });
    expect(links.conflicts).toEqual([
      {
        instanceId: 'dnevnik-86',
        actor: 'user',
        at: NOW,
        details: { conflict: 'account_linked', userId: 'u1' },
      },
    ]);
    expect(requests.rows[0]!.input).toMatchObject({
      instanceId: 'dnevnik-86',
      organizationId: 'school-7',
      role: 'parent',
      reason: 'data_mismatch',
      esiaOid: '1000299353',
      esiaIssuer: ISSUER,
      personName: 'Иванова Мария Петровна',
      at: NOW,
      deliver: true,
    });
    expect(links.created).toEqual([]);
  });

  it('the person is linked to another account of the same diary: a conflict; in another diary: no conflict', async () => {
    const { ports, links } = world();
    links.seed(ISSUER, '1000299353', 'other-86', 'u9');
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
    links.seed('http://another-issuer/', '1000299353', 'dnevnik-86', 'u8');
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({ kind: 'ready' });
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'u2');
    expect(await checkLink(journey, esiaPerson(), ports)).toMatchObject({
      kind: 'conflict',
      conflict: 'person_linked',
    });
  });
});

describe('confirmLink: writing the link', () => {
  const pending = {
    instanceId: 'dnevnik-86',
    userId: 'u1',
    oid: '1000299353',
    method: 'settings-page' as const,
  };
  const person = { oid: '1000299353', displayName: 'Иванова Мария Петровна' };

  it('writes the link by ESIA issuer and oid, by the user, at the clock’s time, notifying vendors that want it', async () => {
    const { ports, links } = world();
    const done = await confirmLink(pending, person, ports);
    expect(links.created).toEqual([
      {
        issuer: ISSUER,
        oid: '1000299353',
        instanceId: 'dnevnik-86',
        userId: 'u1',
        method: 'settings-page',
        actor: 'user',
        at: NOW,
        notify: true,
      },
    ]);
    expect(done).toMatchObject({
      kind: 'linked',
      link: { esiaOid: '1000299353', legacyUserId: 'u1' },
      existed: false,
    });
    const quiet = world({ ...ALL_CAPABILITIES, linkNotifications: false });
    await confirmLink(pending, person, quiet.ports);
    expect(quiet.links.created[0]!.notify).toBe(false);
  });

  it('a repeated submit by the same person ends as the same success, writing nothing more', async () => {
    const { ports, links, requests } = world();
    const first = await confirmLink(pending, person, ports);
    const second = await confirmLink(pending, person, ports);
    expect(first).toMatchObject({ existed: false });
    // The diary is told the link existed already, so that it does not announce it twice.
    expect(second).toMatchObject({ kind: 'linked', link: (first as { link: unknown }).link, existed: true });
    expect(links.rows).toHaveLength(1);
    expect(links.conflicts).toEqual([]);
    expect(requests.rows).toEqual([]);
  });

  it('someone else linked the account meanwhile: the conflict page and a request, never a reassignment', async () => {
    const { ports, links, requests } = world();
    links.seed(ISSUER, '1000777777', 'dnevnik-86', 'u1');
    expect(await confirmLink(pending, person, ports)).toEqual({
      kind: 'conflict',
      conflict: 'account_linked',
      requestId: requests.rows[0]!.id,
    });
    expect(links.rows.map((l) => l.esiaOid)).toEqual(['1000777777']);
  });

  it('the person linked another account of this diary meanwhile: a person_linked conflict', async () => {
    const { ports, links } = world();
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'u2');
    expect(await confirmLink(pending, person, ports)).toMatchObject({
      kind: 'conflict',
      conflict: 'person_linked',
    });
  });
});
