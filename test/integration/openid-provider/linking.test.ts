import { JourneyBrowser, csrfOf, type Page } from '../../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { PROVIDER_RECORD_PREFIX } from '../../../src/provider/provider.settings';
import { rows } from '../../support/journey-steps';
import { TestRelyingParty, oauthErrorOf, type RpRequest } from '../../support/test-relying-party';

/*
 * Linking through the provider with openid-client as Дневник.ру's backend: the link request is pushed (PAR,
 * client-authenticated) for the account signed in at the diary, and the link is written when the diary
 * redeems its code. Дневник.ру holds no SNILS, so the name is the second guard where it has no birth date.
 */
const ELENA = '1000000000000000101';
/** No birth date at the school, no SNILS at Дневник.ру: only the name can tell whose account it is. */
const BELOV = '1000000000000000120';
/** Written «Фёдоров Пётр» by the school; ESIA's persona name-spelled-with-e is «Федоров Петр». */
const FEDOROV = '1000000000000000122';
const SOKOLOVA = '1000000000000000108';
/** PROVIDER_TTL.authorizationCode: a held link lives exactly as long as its code. */
const CODE_LIFETIME_MS = 60_000;

describe('linking through the provider (openid-client as Дневник.ру)', () => {
  let h: JourneyHarness;
  let dnevnik: TestRelyingParty;
  beforeAll(async () => {
    h = await startJourneyHarness();
    dnevnik = await TestRelyingParty.of(h, 'dnevnik-86');
  });
  afterAll(() => h?.close());

  /** The diary pushes a link request for `account`; the browser goes through the notice and ESIA as `persona`. */
  async function linkRequest(account: string, persona: string) {
    const request = await dnevnik.pushed({ intent: 'link', account });
    expect(request.url.searchParams.has('account')).toBe(false);
    const browser = new JourneyBrowser();
    const notice = await browser.follow(request.url.href);
    expect(notice.url).toMatch(/\/interaction\/[^/]+\/notice$/);
    const page = await h.throughEsia(browser, `${h.gatewayUrl}/auth/esia/start?purpose=link`, persona);
    return { request, browser, page };
  }

  /** «Привязать» on the confirmation page: the redirect to the diary's callback (not followed). */
  async function confirm(browser: JourneyBrowser, page: Page): Promise<string> {
    expect(page.url).toMatch(/\/confirm$/);
    const back = await browser.follow(page.url, {
      form: { _csrf: csrfOf(page) },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    expect(back.location).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?code=`));
    return back.location!;
  }

  const linksOf = (userId: string) =>
    rows(h, `SELECT esia_oid, method FROM links WHERE legacy_user_id = $1 AND revoked_at IS NULL`, [userId]);

  it('the link is written when the diary redeems its code, once, even when redemptions race', async () => {
    const { request, browser, page } = await linkRequest(ELENA, 'parent-two-schools');
    const callback = await confirm(browser, page);
    expect(await linksOf(ELENA)).toEqual([]);

    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => dnevnik.redeem(callback, request)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]!.value.claims()).toMatchObject({ sub: ELENA, link: 'created', amr: ['esia'] });
    for (const lost of results.filter((r) => r.status === 'rejected'))
      expect(await oauthErrorOf(Promise.reject(lost.reason))).toBe('invalid_grant');

    expect(await linksOf(ELENA)).toEqual([{ esia_oid: '1000300001', method: 'settings-page' }]);
    expect(
      await rows(
        h,
        `SELECT e.kind FROM link_events e JOIN links l ON l.id = e.link_id WHERE l.legacy_user_id = $1`,
        [ELENA],
      ),
    ).toEqual([{ kind: 'linked' }]);
    expect(
      await rows(h, `SELECT 1 FROM outbox WHERE topic = 'link.created' AND payload->>'userId' = $1`, [ELENA]),
    ).toHaveLength(1);
  });

  it('a person whose surname and first name differ from the account, with no SNILS or birth date at the school, is refused as «оформлена на другого человека» and counted', async () => {
    const { page } = await linkRequest(BELOV, 'student-15');
    expect(page.status).toBe(409);
    expect(page.text).toContain('Учетная запись дневника оформлена на другого человека');
    expect(page.location).toBeNull();
    expect(h.events).toContainEqual({
      event: 'link_refused',
      labels: { instance: 'dnevnik-86', reason: 'name_mismatch' },
    });
    expect(await linksOf(BELOV)).toEqual([]);
  });

  it('a finished link whose code is never redeemed writes nothing, and after the code’s lifetime the held change is gone and the code refused', async () => {
    const { request, browser, page } = await linkRequest(SOKOLOVA, 'teacher-parent');
    const callback = await confirm(browser, page);
    const code = new URL(callback).searchParams.get('code')!;

    // Held beside the grant of this code in the shared store, not written.
    const record = await h.stateStore.get(`${PROVIDER_RECORD_PREFIX}AuthorizationCode:${code}`);
    const { grantId } = JSON.parse(record!) as { grantId: string };
    const held = `provider:pending-change:${grantId}`;
    expect(JSON.parse((await h.stateStore.get(held))!)).toMatchObject({
      kind: 'link',
      link: { instanceId: 'dnevnik-86', userId: SOKOLOVA, oid: '1000300008' },
    });
    expect(await linksOf(SOKOLOVA)).toEqual([]);

    // The harness's store expires entries on its clock (as Redis does on its own): a minute and a second on.
    h.clock.advance(CODE_LIFETIME_MS + 1000);
    try {
      expect(await h.stateStore.get(held)).toBeNull();
      expect(await oauthErrorOf(dnevnik.redeem(callback, request))).toBe('invalid_grant');
    } finally {
      h.clock.set(new Date());
    }
    expect(await linksOf(SOKOLOVA)).toEqual([]);
    expect(
      await rows(h, `SELECT 1 FROM outbox WHERE topic = 'link.created' AND payload->>'userId' = $1`, [
        SOKOLOVA,
      ]),
    ).toEqual([]);
  });

  it('a person whose name matches (ё = е) is accepted and linked when the diary redeems', async () => {
    const refusals = h.events.length;
    const { request, browser, page } = await linkRequest(FEDOROV, 'name-spelled-with-e');
    expect(page.text).toContain('Подтвердите привязку');
    const tokens = await dnevnik.redeem(await confirm(browser, page), request as RpRequest);
    expect(tokens.claims()).toMatchObject({ sub: FEDOROV, link: 'created' });
    expect(await linksOf(FEDOROV)).toEqual([{ esia_oid: '1000300014', method: 'settings-page' }]);
    expect(h.events).toHaveLength(refusals);
  });
});
