import request from 'supertest';
import { OperatorsRepository } from '../../src/store/operators.repository';
import { createCutoverHarness, type CutoverHarness } from '../support/cutover-harness';
import { visibleText } from '../support/visible-text';

let h: CutoverHarness;
let cookie86: string;
let cookieViewer: string;
const CSRF = 'test-csrf-token-0123456789';

beforeAll(async () => {
  // The console is a person's page: served at PUBLIC_URL's host, where supertest reaches it (src/http/public-host.ts).
  h = await createCutoverHarness({ env: { PUBLIC_URL: 'http://127.0.0.1:3000' } });
  const operators = new OperatorsRepository(h.db.dataSource);
  const by = { actor: 'test' };
  await operators.grant(
    { esiaOid: '1000', displayName: 'Иванова И. И.', role: 'editor', tenantIds: ['86'] },
    by,
  );
  await operators.grant(
    { esiaOid: '2000', displayName: 'Петров П. П.', role: 'viewer', tenantIds: ['86'] },
    by,
  );
  cookie86 = await h.operatorSession('1000', CSRF);
  cookieViewer = await h.operatorSession('2000', CSRF);
});

afterAll(async () => {
  await h?.close();
});

const get = (path: string, cookie = cookie86) => request(h.app).get(path).set('Cookie', cookie);
const post = (path: string, form: Record<string, string>, cookie = cookie86) =>
  request(h.app).post(path).set('Cookie', cookie).type('form').send(form);
const policies = async (tenant: string) =>
  Number(
    (await h.db.dataSource.query('SELECT count(*) AS n FROM policies WHERE tenant_id = $1', [tenant]))[0].n,
  );

describe('ops console (/ops, Russian, ESIA operators)', () => {
  it('without a sign-in offers ESIA with the purpose operator; a person not on the list is refused', async () => {
    const res = await request(h.app).get('/ops').expect(401);
    expect(res.text).toContain('/auth/esia/start?purpose=operator');
    await get('/ops', await h.operatorSession('9999', CSRF)).expect(403);
  });

  it('lists the regions in scope with status and days to cutover', async () => {
    const res = await get('/ops').expect(200);
    expect(res.text).toContain('Ханты-Мансийский');
    expect(res.text).not.toContain('Иркутская');
  });

  it('an operator of region 86 can neither see nor change region 38 (console)', async () => {
    await get('/ops/regions/38').expect(404);
    await get('/ops/regions/38/readiness').expect(404);
    await post('/ops/regions/38/policy/confirm', {
      _csrf: CSRF,
      mode: 'enforce',
      cutoverDate: '2026-09-01',
      reason: 'x',
    }).expect(404);
    expect(await policies('38')).toBe(0);
  });

  it('refuses a form without the CSRF token, on both steps', async () => {
    await post('/ops/regions/86/policy/preview', { mode: 'enforce', cutoverDate: '2026-09-01' }).expect(403);
    await post('/ops/regions/86/policy/confirm', {
      mode: 'enforce',
      cutoverDate: '2026-09-01',
      reason: 'x',
      _csrf: 'wrong',
    }).expect(403);
    expect(await policies('86')).toBe(0);
  });

  it('changes a policy in two steps with a required reason, audited', async () => {
    const preview = await post('/ops/regions/86/policy/preview', {
      _csrf: CSRF,
      mode: 'enforce',
      cutoverDate: '2026-09-01',
    }).expect(200);
    const previewText = visibleText(preview.text);
    expect(previewText).toContain('были бы отклонены');
    expect(previewText).toContain('шлюз посчитать не может');
    expect(previewText).toContain('01.09.2026');
    expect(previewText).not.toContain('2026-09-01');
    expect(await policies('86')).toBe(0);
    const noReason = await post('/ops/regions/86/policy/confirm', {
      _csrf: CSRF,
      mode: 'enforce',
      cutoverDate: '2026-09-01',
      reason: ' ',
    });
    expect(noReason.status).toBe(422);
    expect(await policies('86')).toBe(0);
    await post('/ops/regions/86/policy/confirm', {
      _csrf: CSRF,
      mode: 'enforce',
      cutoverDate: '2026-09-01',
      reason: 'приказ министерства',
    }).expect(303);
    expect(await policies('86')).toBe(1);
    const audit = await get('/ops/audit?tenant=86&q=приказ').expect(200);
    expect(audit.text).toContain('приказ министерства');
    // Who, by name only: no ESIA id on an operator's page.
    expect(audit.text).toContain('Иванова И. И.');
    expect(audit.text).not.toContain('esia 1000');
    // Before → after, field by field, in Russian; never raw JSON.
    expect(audit.text.replace(/\s+/g, ' ')).toContain(
      'Дата перехода</dt> <dd> <span class="was">—</span> → <span class="now">01.09.2026</span>',
    );
    expect(audit.text).not.toContain('&quot;');
  });

  it("shows the privileged changes of the operator's regions on the audit page, none of another region", async () => {
    const [key86, key38] = [await h.vendorKey('dnevnik-86'), await h.vendorKey('setevoy-38')];
    const page = await get('/ops/audit').expect(200);
    expect(page.text).toContain('Права доступа и ключи');
    const adminTable = page.text.split('id="admin"')[1]!;
    expect(adminTable).toContain('Оператор назначен или изменён');
    expect(adminTable).toContain('наблюдатель');
    expect(adminTable).toContain('Выпущен ключ дневника');
    // Field by field, no raw JSON and no technical ids (key ids, ESIA ids).
    expect(adminTable).not.toContain('&quot;');
    expect(adminTable).not.toContain(key86.keyId);
    expect(adminTable).not.toContain('2000');
    expect(adminTable).not.toContain(key86.secret);
    expect(adminTable).not.toContain(key38.keyId);
    expect(adminTable).not.toContain('Иркутская');
    const narrowed = (await get(`/ops/audit?q=${key86.keyId}`).expect(200)).text.split('id="admin"')[1]!;
    expect(narrowed).toContain('Выпущен ключ дневника');
    expect(narrowed).not.toContain('Оператор назначен');
  });

  it('shows a clear message and saves nothing for an invalid policy', async () => {
    const res = await post('/ops/regions/86/policy/confirm', {
      _csrf: CSRF,
      mode: 'enforce',
      announceDate: '2026-10-01',
      cutoverDate: '2026-09-01',
      timeZone: 'Europe/Atlantis',
      reason: 'ошибка',
    }).expect(422);
    expect(res.text).toContain('Дата перехода: дата перехода не может быть раньше даты оповещения');
    expect(res.text).toContain('Часовой пояс: выберите часовой пояс из списка');
    expect(await policies('86')).toBe(1);
  });

  it('declares and ends a bypass, adds and revokes an exemption; a viewer cannot', async () => {
    await post('/ops/regions/86/bypasses', {
      _csrf: CSRF,
      endsAt: '2030-01-01T00:00',
      reason: 'сбой ЕСИА',
    }).expect(303);
    const [bypass] = await h.db.dataSource.query('SELECT id FROM bypass_windows');
    await post(`/ops/regions/86/bypasses/${bypass.id}/end`, {
      _csrf: CSRF,
      reason: 'ЕСИА восстановлена',
    }).expect(303);
    await post('/ops/regions/86/exemptions', {
      _csrf: CSRF,
      instanceId: 'dnevnik-86',
      userId: '77',
      reason: 'нет паспорта',
    }).expect(303);
    await post(
      '/ops/regions/86/bypasses',
      { _csrf: CSRF, endsAt: '2030-01-01T00:00', reason: 'x' },
      cookieViewer,
    ).expect(403);
    const page = await get('/ops/regions/86/settings').expect(200);
    expect(page.text).toContain('нет паспорта');
    expect(page.text).toContain('завершён');
    // The confirmation of the last change, once.
    expect(page.text).toContain('Исключение добавлено и действует сразу.');
    expect((await get('/ops/regions/86/settings')).text).not.toContain('Исключение добавлено');
  });

  it('shows readiness with a server-rendered SVG chart (no script) and exports CSV', async () => {
    const res = await get('/ops/regions/86/readiness?instance=dnevnik-86').expect(200);
    expect(res.text).toContain('<svg');
    expect(res.text).not.toContain('<script');
    const csv = await get('/ops/regions/86/readiness.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.startsWith('day,active_links')).toBe(true);
  });
});
