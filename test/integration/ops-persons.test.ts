import request from 'supertest';
import { OPS_OPENAPI } from '../../src/http/ops/ops-openapi';
import { OperatorsRepository } from '../../src/store/operators.repository';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { createCutoverHarness, type CutoverHarness } from '../support/cutover-harness';

let h: CutoverHarness;
const tokens: Record<string, string> = {};
let editorCookie: string;
let viewerCookie: string;
const CSRF = 'test-csrf-token-0123456789';
const ISSUER = 'http://esia.gosuslugi.ru/';

/** A parent of region 86 (two accounts: one per diary of the region) and one of region 38. */
const MARIA = {
  oid: '1000300077',
  accounts: [
    ['dnevnik-86', 'u-7701'],
    ['cop-86', 'u-7702'],
  ] as const,
};
const PAVEL = { oid: '1000300088', account: ['setevoy-38', 'u-8801'] as const };

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  h.db.dataSource.query(text, params);

async function link(oid: string, instanceId: string, userId: string) {
  await sql(
    `INSERT INTO links (esia_issuer, esia_oid, instance_id, legacy_user_id, method, linked_at)
     VALUES ($1, $2, $3, $4, 'settings-page', $5)`,
    [ISSUER, oid, instanceId, userId, h.clock.now()],
  );
}

/** A browser session in the shared store naming `oid`, as the journeys leave it after ESIA. */
function personSession(sid: string, oid: string): Promise<void> {
  const data = {
    cookie: { originalMaxAge: 600_000, expires: new Date(Date.now() + 600_000), httpOnly: true, path: '/' },
    person: { oid, confirmed: true, displayName: 'Соколова Мария', signedInAt: Date.now() },
  };
  return new Promise((resolve, reject) =>
    h.cache.sessionStore.set(sid, data as never, (err) => (err ? reject(err) : resolve())),
  );
}

beforeAll(async () => {
  // The console is a person's page: served at PUBLIC_URL's host, where supertest reaches it (src/http/public-host.ts).
  h = await createCutoverHarness({ env: { PUBLIC_URL: 'http://127.0.0.1:3000' } });
  const issue = async (name: string, role: 'viewer' | 'editor', tenantIds: string[]) => {
    const issued = await new OperatorTokensRepository(h.db.dataSource).issue({
      role,
      tenantIds,
      createdBy: 'test',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    tokens[name] = issued.token;
  };
  await issue('editor86', 'editor', ['86']);
  await issue('viewer86', 'viewer', ['86']);
  await issue('editor38', 'editor', ['38']);
  const operators = new OperatorsRepository(h.db.dataSource);
  await operators.grant(
    { esiaOid: '1000', displayName: 'Иванова И. И.', role: 'editor', tenantIds: ['86'] },
    { actor: 'test' },
  );
  await operators.grant(
    { esiaOid: '2000', displayName: 'Петров П. П.', role: 'viewer', tenantIds: ['86'] },
    { actor: 'test' },
  );
  editorCookie = await h.operatorSession('1000', CSRF);
  viewerCookie = await h.operatorSession('2000', CSRF);

  for (const [instance, user] of MARIA.accounts) await link(MARIA.oid, instance, user);
  await link(PAVEL.oid, ...PAVEL.account);
  await sql(
    `INSERT INTO access_requests (instance_id, organization_id, role, reason, message, contact, esia_oid, created_by)
     VALUES ('dnevnik-86', 'school-3', 'parent', 'profile_missing', 'Нет профиля ребёнка', 'maria@example.ru', $1,
       'Соколова Мария')`,
    [MARIA.oid],
  );
  await personSession('maria-browser', MARIA.oid);
});

afterAll(async () => {
  await h?.close();
});

const api = (token: string) => (path: string, body: object) =>
  request(h.app).post(`/api/ops/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
const adminRows = (action: string) =>
  sql<{ target: string; tenant_ids: string[]; after: Record<string, unknown> }>(
    `SELECT target, tenant_ids, after FROM admin_audit WHERE action = $1 ORDER BY id`,
    [action],
  );

describe("a person's data in the ops API (POST /api/ops/v1/persons/…)", () => {
  it('refuses a viewer both, and audits nothing', async () => {
    const viewer = api(tokens['viewer86']!);
    await viewer('/persons/export', { esiaOid: MARIA.oid }).expect(403);
    await viewer('/persons/erase', { esiaOid: MARIA.oid, reason: 'x' }).expect(403);
    expect(await adminRows('person.exported')).toEqual([]);
    expect(await adminRows('person.erased')).toEqual([]);
  });

  it("shows an editor what is held in their regions only: another region's operator sees none of it", async () => {
    const res = await api(tokens['editor86']!)('/persons/export', {
      esiaOid: MARIA.oid,
      reason: 'заявление № 3',
    });
    expect(res.status).toBe(200);
    const found = res.body.export;
    expect(found.links.map((l: { legacyUserId: string }) => l.legacyUserId).sort()).toEqual([
      'u-7701',
      'u-7702',
    ]);
    expect(found.accessRequests).toEqual([expect.objectContaining({ contact: 'maria@example.ru' })]);
    expect(found.sharedStore).toEqual([
      expect.objectContaining({ family: 'sess:<id>', fields: ['person.oid', 'person.displayName'] }),
    ]);
    expect(res.body.summary).toContain('Привязки к дневникам: 2');
    // The answer has exactly the fields the OpenAPI document declares.
    const declared = OPS_OPENAPI.components.schemas.PersonExport.required;
    expect(Object.keys(found).sort()).toEqual([...declared].sort());

    const elsewhere = await api(tokens['editor38']!)('/persons/export', { esiaOid: MARIA.oid });
    expect(elsewhere.status).toBe(200);
    expect([elsewhere.body.export.links, elsewhere.body.export.accessRequests]).toEqual([[], []]);
    expect(elsewhere.body.export.regions).toEqual(['38']);
    await api(tokens['editor38']!)('/persons/export', { instanceId: 'dnevnik-86', userId: 'u-7701' }).expect(
      404,
    );

    const audited = await adminRows('person.exported');
    expect(audited[0]).toMatchObject({ tenant_ids: ['86'], after: { reason: 'заявление № 3' } });
    expect(audited[0]!.target).toMatch(/^person pn:/);
    expect(JSON.stringify(audited)).not.toContain(MARIA.oid);
  });

  it('refuses an erasure without a reason, or a query naming both a person and an account (400)', async () => {
    const editor = api(tokens['editor86']!);
    await editor('/persons/erase', { esiaOid: MARIA.oid }).expect(400);
    await editor('/persons/erase', {
      esiaOid: MARIA.oid,
      instanceId: 'cop-86',
      userId: 'u-7702',
      reason: 'x',
    }).expect(400);
    expect(
      await sql(`SELECT 1 FROM links WHERE esia_oid = $1 AND revoked_at IS NOT NULL`, [MARIA.oid]),
    ).toEqual([]);
  });

  it("erases one account of hers: that account's link goes, her other account and her session stay", async () => {
    const res = await api(tokens['editor86']!)('/persons/erase', {
      instanceId: 'cop-86',
      userId: 'u-7702',
      reason: 'заявление № 4',
    });
    expect(res.status).toBe(200);
    // The cop-86 vendor takes no link notices: nothing is queued for it.
    expect(res.body.erasure).toMatchObject({
      revokedLinks: 1,
      pseudonymisedLinks: 1,
      pendingNotices: 0,
      sharedStoreRecords: 0,
    });
    expect(
      await sql(`SELECT instance_id, legacy_user_id FROM links WHERE esia_oid = $1`, [MARIA.oid]),
    ).toEqual([{ instance_id: 'dnevnik-86', legacy_user_id: 'u-7701' }]);
    expect(await sql(`SELECT 1 FROM links WHERE legacy_user_id = 'u-7702'`)).toEqual([]);
  });
});

describe("a person's data in the console (/ops/persons)", () => {
  const post = (path: string, form: Record<string, string>, cookie = editorCookie) =>
    request(h.app).post(path).set('Cookie', cookie).type('form').send(form);

  it('offers the form to an editor, and tells a viewer it is for editors', async () => {
    const editor = await request(h.app).get('/ops/persons').set('Cookie', editorCookie).expect(200);
    expect(editor.text).toContain('name="esiaOid"');
    expect(editor.text).toContain('86 · ');
    expect(editor.text).not.toContain('setevoy-38');
    const viewer = await request(h.app).get('/ops/persons').set('Cookie', viewerCookie).expect(200);
    expect(viewer.text).toContain('доступны только редактору');
    expect(viewer.text).not.toContain('name="esiaOid"');
    await post('/ops/persons/export', { _csrf: CSRF, esiaOid: MARIA.oid }, viewerCookie).expect(403);
    await post('/ops/persons/export', { esiaOid: MARIA.oid }).expect(403); // no CSRF token
  });

  it('shows what is held with purposes and retention, offers the JSON, and erases only when confirmed', async () => {
    const page = await post('/ops/persons/export', {
      _csrf: CSRF,
      esiaOid: MARIA.oid,
      reason: 'заявление № 5',
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Привязки к дневникам: 1');
    expect(page.text).toContain('maria@example.ru');
    expect(page.text).toContain('Срок хранения:');
    expect(page.text).toContain('name="confirm"');
    const download = await post('/ops/persons/export', {
      _csrf: CSRF,
      esiaOid: MARIA.oid,
      format: 'json',
    }).expect(200);
    expect(download.headers['content-disposition']).toMatch(/attachment/);
    expect(download.body.export.accessRequests).toHaveLength(1);

    await post('/ops/persons/erase', { _csrf: CSRF, esiaOid: MARIA.oid, reason: 'заявление № 5' }).expect(
      400,
    );
    expect(await sql(`SELECT 1 FROM links WHERE esia_oid = $1`, [MARIA.oid])).toHaveLength(1);

    const done = await post('/ops/persons/erase', {
      _csrf: CSRF,
      esiaOid: MARIA.oid,
      reason: 'заявление № 5',
      confirm: 'yes',
    }).expect(200);
    expect(done.text).toContain('Данные удалены');
    expect(done.text).toContain('Удалено сеансов и одноразовых записей: 1');
    expect(await sql(`SELECT 1 FROM links WHERE esia_oid = $1`, [MARIA.oid])).toEqual([]);
    expect(JSON.stringify(await sql(`SELECT * FROM access_requests`))).not.toContain('maria@example.ru');
    await new Promise<void>((resolve, reject) =>
      h.cache.sessionStore.get('maria-browser', (err, s) =>
        err ? reject(err) : (expect(s).toBeFalsy(), resolve()),
      ),
    );
    // Region 38's parent is untouched.
    expect(await sql(`SELECT esia_oid FROM links WHERE legacy_user_id = 'u-8801'`)).toEqual([
      { esia_oid: PAVEL.oid },
    ]);

    const audit = await request(h.app).get('/ops/audit').set('Cookie', editorCookie).expect(200);
    expect(audit.text).toContain('Удалены данные человека');
    expect(audit.text).toContain('Выгружены сведения о человеке');
  });
});
