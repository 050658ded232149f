import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { defaultSettings, type PolicySettings } from '../../src/core/policy-settings';
import { createCutoverHarness, type CutoverHarness } from '../support/cutover-harness';

let h: CutoverHarness;
let policies: PoliciesRepository;
const LOGIN = '/api/vendor/v1/password-login/decision';
const RESET = '/api/vendor/v1/password-reset/decision';
const DNEVNIK_SIGN_IN = 'https://dnevnik.example/login';
const DNEVNIK_SETTINGS = 'https://dnevnik.example/settings';

async function setPolicy(tenantId: string, timeZone: string, change: Partial<PolicySettings>) {
  await policies.change({
    tenantId,
    instanceId: null,
    settings: { ...defaultSettings(timeZone), ...change },
    actor: 'test',
    reason: 'test',
    at: new Date(),
  });
  await h.cutover.policies.announce(tenantId);
}

beforeAll(async () => {
  h = await createCutoverHarness({
    env: { DECISION_LIMIT_PER_LOGIN: '3' },
    profiles: async (_instance, userId) =>
      userId === 'from-adapter-15'
        ? { birthDate: '2011-03-10', roles: ['student'] }
        : userId === 'from-adapter-13'
          ? { birthDate: '2013-03-10', roles: ['student'] }
          : null,
  });
  policies = new PoliciesRepository(h.db.dataSource);
  await h.addInstance('kam-41', '41');
  await h.addInstance('kal-39', '39');
  // The diary's own pages, as its registration at the provider names them (config/instances.json `oidc`).
  await h.db.dataSource.query(
    `UPDATE diary_instances SET oidc_client = oidc_client || $1::jsonb WHERE id = 'dnevnik-86'`,
    [JSON.stringify({ signInUrl: DNEVNIK_SIGN_IN, settingsUrl: DNEVNIK_SETTINGS })],
  );
  await setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-09-01' });
});

afterAll(async () => {
  await h?.close();
});

describe('password-login decision (vendor API, HMAC)', () => {
  it('refuses a 15-year-old after the cutover and lets a 13-year-old in', async () => {
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    const teen = await h.vendorPost('dnevnik-86', LOGIN, {
      userId: 'u15',
      birthDate: '2011-03-10',
      roles: ['student'],
    });
    expect(teen.status).toBe(200);
    expect(teen.body).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
      cutoverDate: '2026-09-01',
      cutoverAt: '2026-08-31T19:00:00.000Z',
      daysLeft: 0,
      linked: false,
      esiaSignInUrl: DNEVNIK_SIGN_IN,
      infoUrl: 'http://gw.test/info?instance=dnevnik-86',
    });
    expect(teen.body.message.ru).toContain('вход по паролю закрыт');
    // Written without res.json (issue 11): the same JSON answer, never cached, its length exact in UTF-8.
    expect(teen.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(teen.headers['cache-control']).toBe('no-store');
    expect(Number(teen.headers['content-length'])).toBe(Buffer.byteLength(teen.text));
    expect(teen.headers['content-security-policy']).toContain("default-src 'self'");
    expect(teen.headers['x-request-id']).toEqual(expect.any(String));
    const child = await h.vendorPost('dnevnik-86', LOGIN, {
      userId: 'u13',
      birthDate: '2013-03-10',
      roles: ['student'],
    });
    expect(child.body).toMatchObject({ decision: 'allow', reason: 'under_minimum_age', message: null });
  });

  it('flow E: ESIA is the only way in for a 15-year-old after the cutover, not for a 13-year-old, not in shadow mode', async () => {
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    expect(await h.cutover.esiaIsOnlyWayIn('dnevnik-86', 'from-adapter-15')).toBe(true);
    expect(await h.cutover.esiaIsOnlyWayIn('dnevnik-86', 'from-adapter-13')).toBe(false);
    h.clock.set(new Date('2026-08-30T08:00:00Z'));
    expect(await h.cutover.esiaIsOnlyWayIn('dnevnik-86', 'from-adapter-15')).toBe(false);
    await setPolicy('38', 'Asia/Irkutsk', { mode: 'shadow', cutoverDate: '2026-09-01' });
    h.clock.set(new Date('2026-09-05T03:00:00Z'));
    expect(await h.cutover.esiaIsOnlyWayIn('setevoy-38', 'from-adapter-15')).toBe(false);
  });

  it('password reset obeys the same decision', async () => {
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    const res = await h.vendorPost('dnevnik-86', RESET, { userId: 'r15', birthDate: '2011-03-10' });
    expect(res.body.decision).toBe('deny');
  });

  it('asks the adapter for the birth date when the vendor sends none', async () => {
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    const res = await h.vendorPost('dnevnik-86', LOGIN, { userId: 'from-adapter-15' });
    expect(res.body).toMatchObject({ decision: 'deny', reason: 'cutover_reached' });
    // Unknown to the adapter too: a student with no birth date, refused (fail closed).
    const unknown = await h.vendorPost('dnevnik-86', LOGIN, { userId: 'nobody' });
    expect(unknown.body).toMatchObject({ decision: 'deny', reason: 'birth_date_unknown' });
  });

  it('warns before the date with the days left and the link address (the information window)', async () => {
    h.clock.set(new Date('2026-08-22T08:00:00Z'));
    const res = await h.vendorPost('dnevnik-86', LOGIN, { userId: 'w15', birthDate: '2011-03-10' });
    expect(res.body).toMatchObject({ decision: 'warn', daysLeft: 10, linked: false });
    // Linking starts at the diary's own settings page (its backend pushes the request to the provider).
    expect(res.body.linkUrl).toBe(DNEVNIK_SETTINGS);
    expect(res.body.message.ru).toContain('осталось дней: 10');
    const page = await request(h.app).get('/info?instance=dnevnik-86').set('Host', 'gw.test').expect(200);
    expect(page.text).toContain('01.09.2026');
    expect(page.text).toContain('осталось дней: 10');
    expect(page.text).toContain(`href="${DNEVNIK_SIGN_IN}"`);
    expect(page.text).toContain(`href="${DNEVNIK_SETTINGS}"`);
  });

  it("Kamchatka's cutover comes 10 hours before Kaliningrad's for the same date", async () => {
    await setPolicy('41', 'Asia/Kamchatka', { mode: 'enforce', cutoverDate: '2026-09-01' });
    await setPolicy('39', 'Europe/Kaliningrad', { mode: 'enforce', cutoverDate: '2026-09-01' });
    const ask = (instance: string, user: string) =>
      h.vendorPost(instance, LOGIN, { userId: user, birthDate: '2010-01-01', roles: ['student'] });
    h.clock.set(new Date('2026-08-31T12:00:00Z'));
    const kam = await ask('kam-41', 'k1');
    const kal = await ask('kal-39', 'k2');
    expect(kam.body).toMatchObject({ decision: 'deny', cutoverAt: '2026-08-31T12:00:00.000Z' });
    // An instance that registered no pages of its own: the person is sent to the diary's base address.
    expect(kam.body).toMatchObject({ esiaSignInUrl: 'http://127.0.0.1:1', linkUrl: 'http://127.0.0.1:1' });
    expect(kal.body).toMatchObject({ decision: 'warn', cutoverAt: '2026-08-31T22:00:00.000Z' });
    expect(Date.parse(kal.body.cutoverAt) - Date.parse(kam.body.cutoverAt)).toBe(10 * 3600_000);
    h.clock.set(new Date('2026-08-31T21:59:59Z'));
    expect((await ask('kal-39', 'k3')).body.decision).toBe('warn');
    h.clock.set(new Date('2026-08-31T22:00:00Z'));
    expect((await ask('kal-39', 'k4')).body.decision).toBe('deny');
  });

  it('shadow mode refuses nobody and counts the would-deny in login_stats (no personal data)', async () => {
    await setPolicy('38', 'Asia/Irkutsk', { mode: 'shadow', cutoverDate: '2026-09-01' });
    h.clock.set(new Date('2026-09-05T03:00:00Z'));
    const res = await h.vendorPost('setevoy-38', LOGIN, { userId: 's15', birthDate: '2011-03-10' });
    expect(res.body).toMatchObject({ decision: 'allow', wouldDeny: true, reason: 'cutover_reached' });
    await h.cutover.stats.flush();
    const rows = await h.db.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, age_band, decision, count::int AS count FROM login_stats
       WHERE instance_id = 'setevoy-38'`,
    );
    expect(rows).toEqual([{ day: '2026-09-05', age_band: '14_17', decision: 'shadow-deny', count: 1 }]);
  });

  it('limits decisions per login: 429 with Retry-After', async () => {
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    for (let i = 0; i < 3; i++)
      expect(
        (await h.vendorPost('dnevnik-86', LOGIN, { userId: 'hammer', birthDate: '2013-01-01' })).status,
      ).toBe(200);
    const refused = await h.vendorPost('dnevnik-86', LOGIN, { userId: 'hammer', birthDate: '2013-01-01' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.error.code).toBe('rate_limited');
  });

  it.each([
    ['the lean path', LOGIN],
    ['the router (a query string on the path)', `${LOGIN}?from=router`],
  ])('on %s a replayed decision is refused and uses up none of the account’s limit', async (_via, path) => {
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    const userId = `replayed-${path.length}`;
    const body = { userId, birthDate: '2013-01-01' };
    const nonce = randomBytes(16).toString('base64url');
    // A forged request (a wrong secret) cannot burn the nonce: the real one with it is still answered.
    const forged = await h.vendorPost('dnevnik-86', path, body, { nonce, secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('signature_invalid');
    expect((await h.vendorPost('dnevnik-86', path, body, { nonce })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const replay = await h.vendorPost('dnevnik-86', path, body, { nonce });
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('nonce_replayed');
    }
    // DECISION_LIMIT_PER_LOGIN is 3: two more real decisions pass, had the replays counted they would not.
    for (let i = 0; i < 2; i++) expect((await h.vendorPost('dnevnik-86', path, body)).status).toBe(200);
    expect((await h.vendorPost('dnevnik-86', path, body)).status).toBe(429);
  });

  it('refuses an unsigned call and a malformed body', async () => {
    await request(h.app).post(LOGIN).send({ userId: 'x' }).expect(401);
    const bad = await h.vendorPost('dnevnik-86', LOGIN, { userId: '', birthDate: '10.03.2011' });
    expect(bad.status).toBe(400);
  });
});
