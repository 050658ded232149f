import request from 'supertest';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { createCutoverHarness, type CutoverHarness } from '../support/cutover-harness';

let h: CutoverHarness;
let editor86: string;
let viewer86: string;
let editor38: string;

beforeAll(async () => {
  h = await createCutoverHarness();
  const tokens = new OperatorTokensRepository(h.db.dataSource);
  const issue = async (role: 'viewer' | 'editor', tenantIds: string[]) =>
    (await tokens.issue({ role, tenantIds, createdBy: 'test', expiresAt: new Date(Date.now() + 3600_000) }))
      .token;
  editor86 = await issue('editor', ['86']);
  viewer86 = await issue('viewer', ['86']);
  editor38 = await issue('editor', ['38']);
});

afterAll(async () => {
  await h?.close();
});

const api = (token: string) => ({
  get: (path: string) => request(h.app).get(`/api/ops/v1${path}`).set('Authorization', `Bearer ${token}`),
  put: (path: string, body: object) =>
    request(h.app).put(`/api/ops/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  post: (path: string, body: object) =>
    request(h.app).post(`/api/ops/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
});

describe('ops API (bearer tokens)', () => {
  it('refuses no token, a wrong token and an expired one', async () => {
    await request(h.app).get('/api/ops/v1/regions').expect(401);
    await api('ot_AAAAAAAAAAAAAAAA.' + 'x'.repeat(43))
      .get('/regions')
      .expect(401);
    const expired = await new OperatorTokensRepository(h.db.dataSource).issue({
      role: 'editor',
      tenantIds: ['86'],
      createdBy: 't',
      expiresAt: new Date(h.clock.now().getTime() - 1000),
    });
    await api(expired.token).get('/regions').expect(401);
  });

  it('lists only the regions in scope', async () => {
    const res = await api(editor86).get('/regions').expect(200);
    expect(res.body.regions.map((r: { id: string }) => r.id)).toEqual(['86']);
  });

  it('an operator of region 86 can neither see nor change region 38', async () => {
    await api(editor86).get('/regions/38').expect(404);
    await api(editor86)
      .put('/regions/38/policy', { mode: 'enforce', cutoverDate: '2026-09-01', reason: 'x' })
      .expect(404);
    await api(editor86)
      .post('/regions/38/bypasses', { endsAt: '2030-01-01T00:00:00Z', reason: 'x' })
      .expect(404);
    const audit = await api(editor86).get('/audit?tenant=38');
    expect(audit.status).toBe(404);
    expect(
      Number((await h.db.dataSource.query(`SELECT count(*) AS n FROM policies WHERE tenant_id = '38'`))[0].n),
    ).toBe(0);
  });

  it('a viewer cannot change; an editor previews, then applies with a reason, audited', async () => {
    await api(viewer86)
      .put('/regions/86/policy', { mode: 'enforce', cutoverDate: '2026-09-01', reason: 'x' })
      .expect(403);
    const preview = await api(editor86)
      .post('/regions/86/policy/preview', { mode: 'enforce', cutoverDate: '2026-09-01' })
      .expect(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.impact).toMatchObject({ unlinkedAdults: null, activeLinks: 0 });
    const noReason = await api(editor86).put('/regions/86/policy', {
      mode: 'enforce',
      cutoverDate: '2026-09-01',
    });
    expect(noReason.status).toBe(422);
    await api(editor86)
      .put('/regions/86/policy', { mode: 'enforce', cutoverDate: '2026-09-01', reason: 'приказ № 1' })
      .expect(200);
    const audit = await api(viewer86).get('/audit?tenant=86').expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      reason: 'приказ № 1',
      after: expect.objectContaining({ mode: 'enforce' }),
    });
    expect(audit.body.entries[0].changedBy).toMatch(/^token:ot_/);
  });

  it('refuses an invalid policy with every problem (422) and saves nothing', async () => {
    const before = (await h.db.dataSource.query('SELECT count(*)::int AS n FROM policies'))[0].n;
    const res = await api(editor86)
      .put('/regions/86/policy', {
        announceDate: '2026-10-01',
        cutoverDate: '2026-09-01',
        timeZone: 'Europe/Atlantis',
        reason: 'x',
      })
      .expect(422);
    expect(res.body.error.problems.map((p: { code: string }) => p.code).sort()).toEqual([
      'cutover_before_announce',
      'unknown_time_zone',
    ]);
    expect((await h.db.dataSource.query('SELECT count(*)::int AS n FROM policies'))[0].n).toBe(before);
  });

  it('declares and ends a bypass, adds an exemption; exports readiness as CSV; serves OpenAPI', async () => {
    const bypass = await api(editor86)
      .post('/regions/86/bypasses', { endsAt: '2030-01-01T00:00:00Z', reason: 'ESIA outage' })
      .expect(201);
    await api(editor86)
      .post(`/regions/86/bypasses/${bypass.body.bypass.id}/end`, { reason: 'ESIA is back' })
      .expect(200);
    await api(editor86)
      .post('/regions/86/exemptions', { instanceId: 'dnevnik-86', userId: '42', reason: 'no passport yet' })
      .expect(201);
    await api(editor86)
      .post('/regions/86/exemptions', { instanceId: 'setevoy-38', userId: '42', reason: 'x' })
      .expect(404);
    const csv = await api(viewer86).get('/regions/86/readiness?days=7&format=csv').expect(200);
    expect(csv.text.split('\r\n')[0]).toBe(
      'day,active_links,esia_sign_ins,password_logins,esia_share,would_deny,warned,refusals,links,unlinks,access_requests,active_users,active_users_linked_share',
    );
    expect(csv.text.trim().split('\r\n')).toHaveLength(8);
    const doc = await request(h.app).get('/api/ops/v1/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    await api(editor38).get('/regions/86/readiness').expect(404);
  });
});
