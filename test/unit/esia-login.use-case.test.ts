import type { Membership, SchoolRecordMatch } from '../../adapters/contract';
import { FixedClock } from '../../src/core/clock';
import type { DiscardedFact } from '../../src/core/discarded-fact';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { findLoginChoices, snilsLinkChange, type LoginPorts } from '../../src/services/esia-login.use-case';
import {
  ALL_CAPABILITIES,
  MemoryAccessRequests,
  MemoryDiary,
  MemoryLinks,
} from '../support/memory-journey-ports';

// Whom a person may enter after signing in through ESIA (flow B, DESIGN §5.1): their linked accounts and, where
// the vendor holds school records, the records matching their SNILS, with in-memory ports.

const NOW = new Date('2026-09-10T06:00:00Z');
const ISSUER = 'http://esia.gosuslugi.ru/';
const SNILS = '112-233-445 95';
const school = (id: string, role: Membership['role'] = 'parent'): Membership => ({
  organization: { id, name: `Школа ${id}` },
  role,
});
const record = (userId: string, over: Partial<SchoolRecordMatch> = {}): SchoolRecordMatch => ({
  userId,
  birthDate: '1985-04-12',
  memberships: [school(`s-${userId}`)],
  ...over,
});
const person = (over: { confirmed?: boolean; snils?: string; birthDate?: string } = {}) => {
  const { confirmed = true, ...facts } = over;
  return {
    oid: '1000299353',
    displayName: 'Иванова Мария Петровна',
    confirmed,
    person: { snils: SNILS, birthDate: '12.04.1985', ...facts },
  };
};

function world(capabilities = ALL_CAPABILITIES) {
  const diary = new MemoryDiary(capabilities);
  const links = new MemoryLinks();
  const instance = {
    id: 'dnevnik-86',
    tenantId: '86',
    displayName: 'Дневник ХМАО',
    baseUrl: 'https://diary.example.ru',
    client: null,
    adapter: diary,
  };
  const ports: LoginPorts = {
    diaries: new DiaryDirectory([instance]),
    links: links.asPort(),
    requests: new MemoryAccessRequests().asPort(),
    issuer: ISSUER,
    clock: new FixedClock(NOW),
  };
  return { ports, diary, links };
}
const users = (choices: Array<{ userId: string }>) => choices.map((c) => c.userId);

describe('findLoginChoices: linked accounts', () => {
  it('one line per organization and role of each linked account, as the vendor lists them', async () => {
    const { ports, diary, links } = world();
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'u1');
    diary.memberships.set('u1', [school('s1'), school('s2', 'teacher')]);
    expect(await findLoginChoices('dnevnik-86', person(), ports)).toEqual([
      { userId: 'u1', organizationId: 's1', organizationName: 'Школа s1', role: 'parent', viaSnils: false },
      { userId: 'u1', organizationId: 's2', organizationName: 'Школа s2', role: 'teacher', viaSnils: false },
    ]);
  });

  it('an account with no organization is one line named after the diary', async () => {
    const { ports, links } = world();
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'u1');
    expect(await findLoginChoices('dnevnik-86', person(), ports)).toEqual([
      { userId: 'u1', organizationId: null, organizationName: 'Дневник ХМАО', role: null, viaSnils: false },
    ]);
  });

  it('only this person’s links by this ESIA issuer in this diary count', async () => {
    const { ports, links, diary } = world();
    links.seed(ISSUER, '1000777777', 'dnevnik-86', 'someone-else');
    links.seed('http://another-issuer/', '1000299353', 'dnevnik-86', 'other-issuer');
    links.seed(ISSUER, '1000299353', 'other-diary', 'other-diary');
    diary.capabilities = { ...ALL_CAPABILITIES, snilsMatch: false };
    expect(await findLoginChoices('dnevnik-86', person(), ports)).toEqual([]);
  });
});

describe('findLoginChoices: SNILS matching (ЦОП-style)', () => {
  it('school records carrying the person’s SNILS are offered, with the record’s own memberships', async () => {
    const { ports, diary } = world();
    diary.records.set(SNILS, [record('r1'), record('r2', { memberships: [] })]);
    expect(await findLoginChoices('dnevnik-86', person(), ports)).toEqual([
      {
        userId: 'r1',
        organizationId: 's-r1',
        organizationName: 'Школа s-r1',
        role: 'parent',
        viaSnils: true,
      },
      { userId: 'r2', organizationId: null, organizationName: 'Дневник ХМАО', role: null, viaSnils: true },
    ]);
    expect(diary.calls).toEqual(['findBySnils']);
  });

  it('only with a confirmed ESIA account that has a SNILS, and only where the vendor can match', async () => {
    const { ports, diary } = world();
    diary.records.set(SNILS, [record('r1')]);
    expect(await findLoginChoices('dnevnik-86', person({ confirmed: false }), ports)).toEqual([]);
    expect(await findLoginChoices('dnevnik-86', person({ snils: '' }), ports)).toEqual([]);
    expect(await findLoginChoices('dnevnik-86', person({ snils: undefined }), ports)).toEqual([]);
    diary.capabilities = { ...ALL_CAPABILITIES, snilsMatch: false };
    expect(await findLoginChoices('dnevnik-86', person(), ports)).toEqual([]);
    expect(diary.calls).toEqual([]);
  });

  it('a record whose birth date differs from ESIA’s is dropped; a missing birth date on either side is not compared', async () => {
    const { ports, diary } = world();
    diary.records.set(SNILS, [
      record('same'),
      record('differs', { birthDate: '1985-04-13' }),
      record('no-date', { birthDate: null }),
    ]);
    expect(users(await findLoginChoices('dnevnik-86', person(), ports))).toEqual(['same', 'no-date']);
    expect(users(await findLoginChoices('dnevnik-86', person({ birthDate: undefined }), ports))).toEqual([
      'same',
      'differs',
      'no-date',
    ]);
  });

  it('a school birth date that could be nobody’s is absent, not a disagreement: the record is offered, the date reported', async () => {
    const { ports, diary } = world();
    const heard: DiscardedFact[] = [];
    const reporting = { ...ports, discarded: (f: DiscardedFact) => heard.push(f) };
    diary.records.set(SNILS, [
      record('future', { birthDate: '2031-01-01' }),
      record('ancient', { birthDate: '0001-01-01' }),
      record('no-such-day', { birthDate: '1985-02-30' }),
      record('differs', { birthDate: '1985-04-13' }),
    ]);
    expect(users(await findLoginChoices('dnevnik-86', person(), reporting))).toEqual([
      'future',
      'ancient',
      'no-such-day',
    ]);
    expect(heard.map((f) => [f.source, f.field, f.problem])).toEqual([
      ['school_record', 'birthDate', 'future'],
      ['school_record', 'birthDate', 'before_1900'],
      ['school_record', 'birthDate', 'not_a_date'],
    ]);
  });

  it('a record whose account is linked to somebody else is dropped; one linked to this person is kept', async () => {
    const { ports, diary, links } = world();
    diary.records.set(SNILS, [record('taken'), record('mine'), record('free')]);
    links.seed(ISSUER, '1000777777', 'dnevnik-86', 'taken');
    links.seed(ISSUER, '1000299353', 'other-diary', 'mine');
    const mine = links.seed(ISSUER, '1000299353', 'dnevnik-86', 'mine');
    diary.memberships.set('mine', [school('s-mine')]);
    const choices = await findLoginChoices('dnevnik-86', person(), ports);
    expect(users(choices)).toEqual(['mine', 'free']);
    // The account already linked to this person is listed once, as a linked one (no new link to write).
    expect(choices[0]).toMatchObject({ userId: mine.legacyUserId, viaSnils: false });
    expect(choices[1]).toMatchObject({ userId: 'free', viaSnils: true });
  });

  it('only a link to another person takes a record away: one to this person by an earlier ESIA issuer does not', async () => {
    const { ports, diary, links } = world();
    diary.records.set(SNILS, [record('from-test-host')]);
    links.seed('https://esia-portal1.test.gosuslugi.ru/', '1000299353', 'dnevnik-86', 'from-test-host');
    expect(await findLoginChoices('dnevnik-86', person(), ports)).toEqual([
      expect.objectContaining({ userId: 'from-test-host', viaSnils: true }),
    ]);
  });

  it('linked accounts come first, then the matched ones not already among them', async () => {
    const { ports, diary, links } = world();
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'linked');
    diary.records.set(SNILS, [record('matched'), record('linked')]);
    expect(
      (await findLoginChoices('dnevnik-86', person(), ports)).map((c) => `${c.userId}:${c.viaSnils}`),
    ).toEqual(['linked:false', 'matched:true']);
  });
});

describe('snilsLinkChange: a SNILS match becomes a link when the diary redeems its code', () => {
  const choice = (viaSnils: boolean) => ({
    userId: 'matched',
    organizationId: 's-matched',
    organizationName: 'Школа s-matched',
    role: 'parent' as const,
    viaSnils,
  });

  it('a matched choice of a person with no link in this diary: a snils-match link held for redemption', async () => {
    const { ports, links } = world();
    expect(await snilsLinkChange('dnevnik-86', choice(true), person(), ports)).toEqual({
      kind: 'link',
      link: { instanceId: 'dnevnik-86', userId: 'matched', oid: '1000299353', method: 'snils-match' },
      personName: 'Иванова Мария Петровна',
    });
    // Nothing is written before the diary redeems the code.
    expect(links.created).toEqual([]);
  });

  it('a linked account’s choice changes nothing', async () => {
    const { ports } = world();
    expect(await snilsLinkChange('dnevnik-86', choice(false), person(), ports)).toBeUndefined();
  });

  it('a person already linked in this diary keeps their link; a link in another diary does not count', async () => {
    const { ports, links } = world();
    links.seed(ISSUER, '1000299353', 'other-86', 'elsewhere');
    expect(await snilsLinkChange('dnevnik-86', choice(true), person(), ports)).toMatchObject({
      kind: 'link',
    });
    links.seed(ISSUER, '1000299353', 'dnevnik-86', 'linked');
    expect(await snilsLinkChange('dnevnik-86', choice(true), person(), ports)).toBeUndefined();
  });
});
