import { FixedClock } from '../../src/core/clock';
import { ValidationError } from '../../src/core/errors';
import {
  decideAccessRequest,
  requestOfPerson,
  submitAccessRequest,
  type AccessRequestPorts,
} from '../../src/services/access-requests.use-case';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { UnknownInstanceError } from '../../src/services/linking.errors';
import { ALL_CAPABILITIES, MemoryAccessRequests, MemoryDiary } from '../support/memory-journey-ports';

const NOW = new Date('2026-09-10T06:00:00Z');
const ISSUER = 'http://esia.gosuslugi.ru/';
// A plain value, so that whatever else a session keeps about the person can stand beside these fields.
const PERSON = {
  oid: '1000299353',
  confirmed: true,
  displayName: 'Иванова Мария Петровна',
  level: 'PR' as const,
  signedInAt: 0,
};
const STRANGER = { ...PERSON, oid: '1000999999', displayName: 'Петров Пётр' };

function world() {
  const requests = new MemoryAccessRequests();
  const ownQueue = new MemoryDiary({ ...ALL_CAPABILITIES, accessRequests: true });
  const gatewayQueue = new MemoryDiary({ ...ALL_CAPABILITIES, accessRequests: false });
  const instance = (id: string, adapter: MemoryDiary) => ({
    id,
    tenantId: '86',
    displayName: 'Дневник',
    baseUrl: 'https://diary.example.ru',
    client: null,
    adapter,
  });
  const ports: AccessRequestPorts = {
    diaries: new DiaryDirectory([
      instance('vendor-queue', ownQueue),
      instance('gateway-queue', gatewayQueue),
    ]),
    requests,
    clock: new FixedClock(NOW),
    issuer: ISSUER,
  };
  return { ports, requests };
}
const FORM = {
  organizationId: 'school-7',
  role: 'parent',
  reason: 'profile_missing',
  message: '  Нет профиля ребёнка  ',
  contact: ' +7 900 000-00-00 ',
};
const issuesOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
};

describe('access request: submitting the form (flow D)', () => {
  it('stores what the person typed, trimmed, with their ESIA oid, issuer, confirmation and name, and the time', async () => {
    const { ports, requests } = world();
    const id = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    expect(requests.rows.map((r) => r.id)).toEqual([id]);
    expect(requests.rows[0]!.input).toEqual({
      instanceId: 'vendor-queue',
      organizationId: 'school-7',
      role: 'parent',
      reason: 'profile_missing',
      message: 'Нет профиля ребёнка',
      contact: '+7 900 000-00-00',
      esiaOid: '1000299353',
      esiaIssuer: ISSUER,
      esiaConfirmed: true,
      personName: 'Иванова Мария Петровна',
      at: NOW,
      deliver: true,
    });
  });

  it('goes to the vendor’s own queue only where the vendor keeps one; otherwise it waits at the gateway', async () => {
    const { ports, requests } = world();
    await submitAccessRequest('gateway-queue', { ...PERSON, confirmed: false }, FORM, ports);
    expect(requests.rows[0]!.input).toMatchObject({ deliver: false, esiaConfirmed: false });
  });

  it('takes every role and every reason the form offers', async () => {
    const { ports, requests } = world();
    for (const role of ['student', 'parent', 'teacher', 'staff'])
      await submitAccessRequest('vendor-queue', PERSON, { ...FORM, role }, ports);
    for (const reason of ['organization_missing', 'profile_missing', 'data_mismatch'])
      await submitAccessRequest('vendor-queue', PERSON, { ...FORM, reason }, ports);
    expect(requests.rows.map((r) => `${r.role}/${r.reason}`)).toEqual([
      'student/profile_missing',
      'parent/profile_missing',
      'teacher/profile_missing',
      'staff/profile_missing',
      'parent/organization_missing',
      'parent/profile_missing',
      'parent/data_mismatch',
    ]);
  });

  it('an organization chosen from the list is kept by its id, spaces aside', async () => {
    const { ports, requests } = world();
    await submitAccessRequest('vendor-queue', PERSON, { ...FORM, organizationId: ' school-7 ' }, ports);
    expect(requests.rows[0]!.organizationId).toBe('school-7');
  });

  it('an organization missing from the list is kept by its typed name; «other» is not an organization', async () => {
    const { ports, requests } = world();
    const missing = { ...FORM, organizationId: 'other', organizationName: ' Школа № 7 ' };
    await submitAccessRequest('vendor-queue', PERSON, missing, ports);
    await submitAccessRequest('vendor-queue', PERSON, { ...missing, organizationId: undefined }, ports);
    await submitAccessRequest('vendor-queue', PERSON, { ...missing, organizationId: 'school-9' }, ports);
    expect(requests.rows.map((r) => r.organizationId)).toEqual([
      'free:Школа № 7',
      'free:Школа № 7',
      'school-9',
    ]);
  });

  it('without any organization the form is refused, naming the field', async () => {
    const { ports, requests } = world();
    const none = { ...FORM, organizationId: 'other' };
    expect(await issuesOf(submitAccessRequest('vendor-queue', PERSON, none, ports))).toEqual([
      'organization',
    ]);
    expect(
      await issuesOf(submitAccessRequest('vendor-queue', PERSON, { ...FORM, organizationId: '' }, ports)),
    ).toEqual(['organization']);
    expect(requests.rows).toEqual([]);
  });

  it('refuses a bad role, reason or contact, naming each field, and a body that is not a form', async () => {
    const { ports, requests } = world();
    const bad = { ...FORM, role: 'admin', reason: 'bored', contact: ' 12 ' };
    expect(await issuesOf(submitAccessRequest('vendor-queue', PERSON, bad, ports))).toEqual([
      'role',
      'reason',
      'contact',
    ]);
    expect(await issuesOf(submitAccessRequest('vendor-queue', PERSON, 'hello', ports))).toEqual(['form']);
    expect(
      await issuesOf(
        submitAccessRequest('vendor-queue', PERSON, { ...FORM, message: 'x'.repeat(2001) }, ports),
      ),
    ).toEqual(['message']);
    expect(requests.rows).toEqual([]);
  });

  it('a message may be left out; it is stored empty', async () => {
    const { ports, requests } = world();
    await submitAccessRequest('vendor-queue', PERSON, { ...FORM, message: undefined }, ports);
    expect(requests.rows[0]!.message).toBe('');
  });

  it('an unknown diary instance is refused before anything is stored', async () => {
    const { ports, requests } = world();
    await expect(submitAccessRequest('nowhere', PERSON, FORM, ports)).rejects.toBeInstanceOf(
      UnknownInstanceError,
    );
    expect(requests.rows).toEqual([]);
  });
});

describe('access request: who may read it', () => {
  it('the person who made it reads it; anyone else gets the same 404 as for no request at all', async () => {
    const { ports, requests } = world();
    const id = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    expect(await requestOfPerson(id, PERSON, requests)).toMatchObject({ id, contact: '+7 900 000-00-00' });
    // The detail (for the log, never shown) names what was not found.
    const notFound = { name: 'NotFoundError', status: 404, message: 'access request' };
    await expect(requestOfPerson(id, STRANGER, requests)).rejects.toMatchObject(notFound);
    await expect(
      requestOfPerson('00000000-0000-4000-8000-000000000000', PERSON, requests),
    ).rejects.toMatchObject(notFound);
  });
});

describe('access request: staff close it with a note', () => {
  const allowed = async () => true;
  const input = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    decision: 'resolve' as unknown,
    note: '  Профиль создан, входите через Госуслуги.  ',
    staffName: 'Завуч Сидорова',
    allowed,
    ...over,
  });

  it('resolve and reject close the request with the trimmed note, who and when', async () => {
    const { ports, requests } = world();
    const a = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    const b = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    await decideAccessRequest(input(a), ports);
    await decideAccessRequest(input(b, { decision: 'reject', note: 'Не наша школа' }), ports);
    expect(
      requests.rows.map(({ status, resolution, resolvedAt, closedBy }) => ({
        status,
        resolution,
        resolvedAt,
        closedBy,
      })),
    ).toEqual([
      {
        status: 'resolved',
        resolution: 'Профиль создан, входите через Госуслуги.',
        resolvedAt: NOW,
        closedBy: 'Завуч Сидорова',
      },
      { status: 'rejected', resolution: 'Не наша школа', resolvedAt: NOW, closedBy: 'Завуч Сидорова' },
    ]);
  });

  it('a note longer than 2000 characters is cut to 2000', async () => {
    const { ports, requests } = world();
    const id = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    await decideAccessRequest(input(id, { note: 'я'.repeat(2500) }), ports);
    expect(requests.rows[0]!.resolution).toBe('я'.repeat(2000));
  });

  it('an unknown decision or a blank note is refused, naming which, and nothing is closed', async () => {
    const { ports, requests } = world();
    const id = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    expect(await issuesOf(decideAccessRequest(input(id, { decision: 'approve' }), ports))).toEqual([
      'decision',
    ]);
    expect(await issuesOf(decideAccessRequest(input(id, { decision: undefined }), ports))).toEqual([
      'decision',
    ]);
    expect(await issuesOf(decideAccessRequest(input(id, { note: '   ' }), ports))).toEqual(['note']);
    expect(await issuesOf(decideAccessRequest(input(id, { decision: 'reject', note: 42 }), ports))).toEqual([
      'note',
    ]);
    expect(requests.rows[0]!.status).toBe('open');
  });

  it('a request that does not exist is a 404; staff of another organization are refused with a 403', async () => {
    const { ports, requests } = world();
    const id = await submitAccessRequest('vendor-queue', PERSON, FORM, ports);
    await expect(
      decideAccessRequest(input('00000000-0000-4000-8000-000000000000'), ports),
    ).rejects.toMatchObject({ name: 'NotFoundError', status: 404, message: 'access request' });
    const seen: string[] = [];
    const otherSchool = async (r: { organizationId: string }) => (seen.push(r.organizationId), false);
    await expect(decideAccessRequest(input(id, { allowed: otherSchool }), ports)).rejects.toMatchObject({
      name: 'ForbiddenError',
      status: 403,
      message: 'not staff of this organization',
    });
    expect(seen).toEqual(['school-7']);
    expect(requests.rows[0]!.status).toBe('open');
  });
});
