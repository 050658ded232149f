import { holdsAccount, holdsOid, type PersonIdentifiers } from '../../src/core/ports/personal-records.port';

const PERSON: PersonIdentifiers = {
  esiaOids: ['1000299353', '1000299354'],
  accounts: [
    { instanceId: 'dnevnik-86', userId: 'u1' },
    { instanceId: 'netschool-66', userId: 'u2' },
  ],
};

describe('whose records these are', () => {
  it('an account is the person’s only when both its instance and its user id are', () => {
    expect(holdsAccount(PERSON, 'dnevnik-86', 'u1')).toBe(true);
    expect(holdsAccount(PERSON, 'netschool-66', 'u2')).toBe(true);
    expect(holdsAccount(PERSON, 'dnevnik-86', 'u2')).toBe(false);
    expect(holdsAccount(PERSON, 'netschool-66', 'u1')).toBe(false);
    expect(holdsAccount(PERSON, 'dnevnik-86', undefined)).toBe(false);
    expect(holdsAccount({ esiaOids: [], accounts: [] }, 'dnevnik-86', 'u1')).toBe(false);
  });

  it('an oid is the person’s when it is one of theirs, and only a string can be', () => {
    expect(holdsOid(PERSON, '1000299353')).toBe(true);
    expect(holdsOid(PERSON, '1000299354')).toBe(true);
    expect(holdsOid(PERSON, '1000299355')).toBe(false);
    expect(holdsOid(PERSON, 1000299353)).toBe(false);
    expect(holdsOid({ esiaOids: [''], accounts: [] }, '')).toBe(true);
    // A list spoiled by a missing oid still names nobody by a missing one.
    expect(holdsOid({ esiaOids: [undefined as unknown as string], accounts: [] }, undefined)).toBe(false);
  });
});
