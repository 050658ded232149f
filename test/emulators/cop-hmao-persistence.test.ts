import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { copExtension } from './cop-hmao-extension.client';

/*
 * Issue 18: restarting the demo wiped ЦОП's access requests while the gateway (PostgreSQL) still had them. With a
 * state file (npm start gives .data/emulators/cop-86.json) the platform keeps its queue, its numbering and what
 * staff changed in the records across a restart, as its database would. Real HTTP, a real file, two processes'
 * worth of emulator (started, closed, started again on the same file).
 */
describe('ЦОП ХМАО-Югры emulator: access requests and staff changes survive a restart', () => {
  let dir: string;
  let cop: CopHmaoEmulator | undefined;
  const start = async () => {
    cop = await startCopHmaoEmulator({ port: 0, stateFile: path.join(dir, 'cop-86.json') });
    return cop.url;
  };
  // The queue as the gateway reads it: the extension's signed diary API.
  const api = (url: string, p: string, init: { method?: 'POST'; body?: unknown } = {}) =>
    init.method === 'POST' ? copExtension(url).post(p, init.body) : copExtension(url).get(p);
  const request = (requestId: string) => ({
    requestId,
    organizationId: '8603010074',
    role: 'parent',
    reason: 'profile_missing',
    message: 'Нет профиля родителя',
    contact: '+7(913)1000007',
    personName: 'Каримов Рустам Шавкатович',
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'elg-cop-state-'));
    chmodSync(dir, 0o755);
  });
  afterEach(async () => {
    await cop?.close();
    cop = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a queued request keeps its number and stays idempotent; the next one is numbered after it', async () => {
    let url = await start();
    const first = await api(url, '/access-requests', {
      method: 'POST',
      body: request('gw-1'),
    });
    expect(first).toMatchObject({ status: 201, body: { id: 'ЗД-86-000001', status: 'open' } });
    await cop!.close();

    url = await start();
    expect(await api(url, `/access-requests/${encodeURIComponent('ЗД-86-000001')}`)).toMatchObject({
      status: 200,
      body: { id: 'ЗД-86-000001', status: 'open' },
    });
    const repeat = await api(url, '/access-requests', {
      method: 'POST',
      body: request('gw-1'),
    });
    expect(repeat).toMatchObject({ status: 200, body: { id: 'ЗД-86-000001' } });
    const second = await api(url, '/access-requests', {
      method: 'POST',
      body: request('gw-2'),
    });
    expect(second).toMatchObject({ status: 201, body: { id: 'ЗД-86-000002' } });
  });

  it('a request staff resolved with a new profile is still resolved after a restart, and the profile exists', async () => {
    let url = await start();
    await api(url, '/access-requests', { method: 'POST', body: request('gw-1') });
    // The school's staff member signs in and adds the requester to a pupil file as a new profile.
    const login = await fetch(`${url}/staff/login`, {
      method: 'POST',
      body: new URLSearchParams({ login: 'gym74', password: 'Staff74-2026' }),
      redirect: 'manual',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (
      await fetch(`${url}/staff/requests/${encodeURIComponent('ЗД-86-000001')}`, { headers: { cookie } })
    ).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const target = /value="(new:[^"]+)"/.exec(page)![1]!;
    const resolved = await fetch(`${url}/staff/requests/${encodeURIComponent('ЗД-86-000001')}/resolve`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ csrf, action: 'resolve', target, snils: '', comment: '' }),
      redirect: 'manual',
    });
    expect(resolved.status).toBe(303);
    const before = await api(url, `/access-requests/${encodeURIComponent('ЗД-86-000001')}`);
    expect(before.body).toMatchObject({ status: 'resolved' });
    await cop!.close();

    url = await start();
    const after = await api(url, `/access-requests/${encodeURIComponent('ЗД-86-000001')}`);
    expect(after.body).toEqual(before.body);
    const userId = String(after.body['userId']);
    expect(userId).toMatch(/^\d+$/);
    expect((await api(url, `/users/${userId}`)).status).toBe(200);
  });
});
