import { choiceOf } from '../support/diary-relying-party';
import { csrfOf, JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import {
  confirmLink,
  linkFromDiarySettings,
  linkThroughEsia,
  rows,
  sendAccessRequest,
  signInAtDiary,
  vendorCall,
  VOLKOV_REQUEST,
} from '../support/journey-steps';
import { oauthErrorOf, TestRelyingParty } from '../support/test-relying-party';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read loosely in assertions
type OpenApi = Record<string, any>;

describe('flows B and D through the provider: sign in with ESIA, the chooser, access requests (real HTTP, ЦОП and Дневник.ру emulators)', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h.close());

  /** «Войти через Госуслуги» at ЦОП: the platform's request to the provider, then ESIA as `persona`. */
  const atCop = (browser: JourneyBrowser, persona: string) => signInAtDiary(h, browser, h.cop.url, persona);

  it('a parent with records in two schools is matched by SNILS, chooses in «Вход в систему» and lands in the diary; the link is written', async () => {
    const browser = new JourneyBrowser();
    const chooser = await atCop(browser, 'parent-two-schools');
    expect(chooser.url).toMatch(new RegExp(`^${h.gatewayUrl}/interaction/[^/]+/choose$`));
    for (const text of [
      'Вход в систему',
      'Выберите необходимые данные',
      'Войти',
      'Выйти',
      'Нет нужной организации',
      'Остаться в системе',
    ])
      expect(chooser.text).toContain(text);
    expect(chooser.text).toContain('Гимназия № 74');
    expect(chooser.text).toContain('СОШ № 110');

    const callback = await browser.follow(chooser.url, {
      form: { _csrf: csrfOf(chooser), choice: choiceOf(chooser, 'СОШ № 110', 'Родитель'), stay: '1' },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    expect(callback.location).toMatch(new RegExp(`^${h.cop.url}/oidc/callback\\?code=`));
    // Chosen, not yet redeemed: nothing is written until the platform redeems its code.
    const snilsLinks = () =>
      rows(h, `SELECT method FROM links WHERE instance_id = 'cop-86' AND esia_oid = '1000300001'`);
    expect(await snilsLinks()).toEqual([]);
    const journal = await browser.follow(callback.location!);
    expect(journal.status).toBe(200);
    expect(journal.text).toContain('Электронный журнал');
    expect(journal.text).toContain('СОШ № 110');
    expect(await snilsLinks()).toEqual([{ method: 'snils-match' }]);

    // «Остаться в системе»: the next sign-in on this browser goes straight to the diary, without ESIA.
    const again = await browser.follow(`${h.cop.url}/login/esia`, {
      stopAt: (u) => u.origin === h.esia.url || u.pathname === '/oidc/callback',
    });
    expect(again.location).toMatch(new RegExp(`^${h.cop.url}/oidc/callback\\?code=`));
  });

  it('a code is single use and only for the diary that asked for it', async () => {
    const cop = await TestRelyingParty.of(h, 'cop-86');
    const request = await cop.request();
    const browser = new JourneyBrowser();
    const chooser = await h.throughEsia(browser, request.url.href, 'parent-two-schools');
    const back = await browser.follow(chooser.url, {
      form: { _csrf: csrfOf(chooser), choice: '0' },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    // Дневник.ру's backend, with its own credentials, cannot redeem ЦОП's code.
    const dnevnik = await TestRelyingParty.of(h, 'dnevnik-86');
    expect(await oauthErrorOf(dnevnik.redeem(back.location!, request))).toBe('invalid_grant');
    // The diary that asked redeems it once; a second time it is refused.
    expect((await cop.redeem(back.location!, request)).claims()!.sub).toBe('1860000000000000101');
    expect(await oauthErrorOf(cop.redeem(back.location!, request))).toBe('invalid_grant');
  });

  it('a vendor reads link status of its own instance only', async () => {
    const other = await vendorCall(h, 'dnevnik-86', 'GET', '/api/vendor/v1/links/cop-86/1860000000000000101');
    expect(other).toMatchObject({ status: 403, json: { error: { code: 'instance_forbidden' } } });
    const unsigned = await fetch(`${h.gatewayUrl}/api/vendor/v1/links/cop-86/1`);
    expect(unsigned.status).toBe(401);
    const openapi = (await (await fetch(`${h.gatewayUrl}/api/vendor/v1/openapi.json`)).json()) as OpenApi;
    expect(openapi['openapi']).toBe('3.1.0');
    expect(Object.keys(openapi['paths'])).toEqual(expect.arrayContaining(['/links/{instance}/{userId}']));
    // Sign-in and linking left the vendor API for the provider.
    expect(Object.keys(openapi['paths'])).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/link-tickets|sso/)]),
    );
    expect(openapi['components']['securitySchemes']['signature']['name']).toBe('X-ELG-Signature');
  });

  it('a linked Дневник.ру user with one profile goes straight back to the diary, without a chooser', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, 'ivanov.maksim', 'Dnevnik-Maksim1');
    await confirmLink(h, browser, await linkThroughEsia(h, browser, 'student-15'));
    const fresh = new JourneyBrowser();
    const back = await signInAtDiary(h, fresh, h.dnevnik.url, 'student-15');
    expect(back.location).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?code=`));
    const feed = await fresh.follow(back.location!);
    expect(feed.url).toBe(`${h.dnevnik.url}/userfeed`);
    expect(feed.text).toContain('Иванов Максим');
  });

  it('nobody found: «Не удалось найти вашу учетную запись», then an access request the person can follow; ЦОП receives it through the outbox', async () => {
    const browser = new JourneyBrowser();
    const page = await atCop(browser, 'regional-operator');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Не удалось найти вашу учетную запись');
    // He has a SNILS at Gosuslugi; ЦОП's records do not: the page and its form say that cause.
    expect(page.text).toContain('в школьных данных нет вашего СНИЛС');
    expect(page.text).toContain('href="/requests/new?cause=snils_not_found"');
    expect(page.text).toContain('Обратиться в организацию');
    const form = await browser.follow(`${h.gatewayUrl}/requests/new?cause=snils_not_found`);
    expect(form.text).toContain('Обращение: школьные данные с вашим СНИЛС не найдены');
    expect(form.text).toContain('Волков');
    const sent = await sendAccessRequest(browser, h.gatewayUrl, form, VOLKOV_REQUEST);
    expect(sent.url).toMatch(new RegExp(`^${h.gatewayUrl}/requests/[0-9a-f-]{36}$`));
    expect(sent.text).toContain('Обращение принято');
    // ЦОП numbers the requests of its queue: until the outbox hands it over, the page says the number comes.
    expect(sent.text).toContain('Номер обращения появится здесь');
    expect(sent.text).not.toContain('Сохраните адрес');
    const [request] = await rows<{ id: string }>(
      h,
      `SELECT id FROM access_requests WHERE esia_oid = '1000300009'`,
    );
    expect(await rows(h, `SELECT topic FROM outbox WHERE payload->>'requestId' = $1`, [request!.id])).toEqual(
      [{ topic: 'access_request.created' }],
    );
    await h.worker.runOnce();
    expect(
      await rows(h, `SELECT delivered_at IS NOT NULL AS d FROM outbox WHERE payload->>'requestId' = $1`, [
        request!.id,
      ]),
    ).toEqual([{ d: true }]);
    const [{ number }] = await rows<{ number: string }>(
      h,
      `SELECT external_id AS number FROM access_requests WHERE id = $1`,
      [request!.id],
    );
    expect(number).toMatch(/^ЗД-86-\d{6}$/);
    const numbered = await browser.follow(sent.url);
    expect(numbered.text).toContain(`<strong class="number">${number}</strong>`);
    expect(numbered.text).toMatch(/href="\/interaction\/[^/"]+\/back">Вернуться в дневник/);
    // Someone else (another browser, another person) cannot read it.
    const stranger = new JourneyBrowser();
    await h.throughEsia(stranger, `${h.gatewayUrl}/identify?next=/`, 'student-15');
    expect((await stranger.follow(sent.url)).status).toBe(404);
  });

  it('school staff (a linked diary account with the staff role) resolve a request in their queue, and the requester sees the answer', async () => {
    const teacher = new JourneyBrowser();
    await linkFromDiarySettings(h, teacher, 'sokolova.marina', 'Dnevnik-Sokolova1');
    await confirmLink(h, teacher, await linkThroughEsia(h, teacher, 'teacher-parent'));

    const parent = new JourneyBrowser();
    const notFound = await signInAtDiary(h, parent, h.dnevnik.url, 'snils-mismatch');
    expect(notFound.text).toContain('Не удалось найти вашу учетную запись');
    const form = await parent.follow(`${h.gatewayUrl}/requests/new?reason=profile_missing`);
    const sent = await sendAccessRequest(parent, h.gatewayUrl, form, {
      organizationId: '1100000000000000110',
      role: 'parent',
      message: '',
      contact: '+7(913)1000006',
    });

    const queue = await h.throughEsia(
      teacher,
      `${h.gatewayUrl}/identify?next=${encodeURIComponent('/staff/requests?instance=dnevnik-86')}`,
      'teacher-parent',
    );
    expect(queue.text).toContain('Обращения о проблемах доступа');
    expect(queue.text).toContain('+7(913)1000006');
    const id = sent.url.split('/').pop()!;
    // Дневник.ру keeps no queue of its own: the gateway numbers the request, and the school sees that number.
    const number = /<strong class="number">(ЗД-86-\d{6})<\/strong>/.exec(sent.text)?.[1];
    expect(number).toBeDefined();
    expect(queue.text).toContain(`${number} · Петров Алексей Константинович`);
    const decided = await teacher.follow(`${h.gatewayUrl}/staff/requests/${id}`, {
      form: { _csrf: csrfOf(queue), decision: 'resolve', note: 'Добавили вас в личное дело, войдите снова' },
    });
    expect(decided.status).toBe(200);
    const outcome = await parent.follow(sent.url);
    expect(outcome.text).toContain('проблема решена');
    expect(outcome.text).toContain('Добавили вас в личное дело');

    // Not staff of that school: refused.
    const other = new JourneyBrowser();
    const refused = await h.throughEsia(
      other,
      `${h.gatewayUrl}/identify?next=${encodeURIComponent('/staff/requests?instance=dnevnik-86&organization=1100000000000000110')}`,
      'regional-operator',
    );
    expect(refused.status).toBe(403);
  });
});
