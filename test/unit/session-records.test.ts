import { namingFields } from '../../src/http/session-records';

const ANNA = { esiaOids: ['1000300005'], accounts: [{ instanceId: 'diary-86', userId: 'u-5' }] };

describe('which fields of a stored session name a person', () => {
  it.each([
    [
      'the journeys’ person after ESIA',
      { person: { oid: '1000300005', displayName: 'А' } },
      ['person.oid', 'person.displayName'],
    ],
    [
      'a plain ESIA sign-in (the console)',
      { esia: { oid: '1000300005', purpose: 'operator' } },
      ['esia.oid', 'esia.displayName'],
    ],
    [
      'a link journey for her account',
      { journey: { kind: 'link', instanceId: 'diary-86', userId: 'u-5' } },
      ['journey.userId'],
    ],
    [
      'a pending link',
      { pendingLink: { instanceId: 'diary-86', userId: 'u-5', oid: '1000300005' } },
      ['pendingLink.userId', 'pendingLink.oid'],
    ],
    [
      'a pending unlink by oid only',
      { pendingUnlink: { instanceId: 'diary-86', userId: 'u-9', oid: '1000300005' } },
      ['pendingUnlink.oid'],
    ],
    ['a finished link', { linked: { instanceId: 'diary-86', userId: 'u-5' } }, ['linked.userId']],
    [
      'the chooser',
      { loginChoices: { instanceId: 'diary-86', choices: [{ userId: 'u-7' }, { userId: 'u-5' }] } },
      ['loginChoices.choices'],
    ],
    ['«Остаться в системе»', { stay: { 'diary-86': { userId: 'u-5' } } }, ['stay.diary-86']],
  ])('%s', (_name, session, fields) => {
    expect(namingFields(session, ANNA)).toEqual(fields);
  });

  it('nothing of someone else: another oid, the same user id in another diary, another account', () => {
    const other = {
      person: { oid: '1000300006' },
      journey: { instanceId: 'diary-38', userId: 'u-5' },
      loginChoices: { instanceId: 'diary-38', choices: [{ userId: 'u-5' }] },
      stay: { 'diary-86': { userId: 'u-6' } },
      csrfToken: '1000300005',
    };
    expect(namingFields(other, ANNA)).toEqual([]);
  });
});
