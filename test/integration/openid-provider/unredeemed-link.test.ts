import { JourneyBrowser, csrfOf } from '../../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { rows } from '../../support/journey-steps';
import { TestRelyingParty, oauthErrorOf } from '../../support/test-relying-party';

/*
 * A pushed link request whose interaction is finished but whose code the diary never redeems (the browser did
 * not come back to the diary session that asked, or was another browser): nothing is written, and once the
 * code's lifetime (60 s, PROVIDER_TTL.authorizationCode) is over the held link is gone from the shared store.
 * The test waits the real minute: the codes expire on the provider's own clock and Redis keeps its own time.
 * Its own file, so that the wait overlaps other suites instead of lengthening one.
 */
const ELENA = '1000000000000000101';
const CODE_LIFETIME_MS = 60_000;

describe('a link whose code is never redeemed', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h?.close());

  it(
    'writes no link, and after the code’s lifetime the held change is gone and the code refused',
    async () => {
      const dnevnik = await TestRelyingParty.of(h, 'dnevnik-86');
      const request = await dnevnik.pushed({ intent: 'link', account: ELENA });
      const browser = new JourneyBrowser();
      await browser.follow(request.url.href);
      const confirm = await h.throughEsia(
        browser,
        `${h.gatewayUrl}/auth/esia/start?purpose=link`,
        'parent-two-schools',
      );
      const back = await browser.follow(confirm.url, {
        form: { _csrf: csrfOf(confirm) },
        stopAt: (u) => u.origin !== h.gatewayUrl,
      });
      const code = new URL(back.location!).searchParams.get('code')!;
      const issuedAt = Date.now();

      // Held by the grant of this code, not written.
      const record = await h.stateStore.get(`oidc:AuthorizationCode:${code}`);
      const { grantId } = JSON.parse(record!) as { grantId: string };
      const held = `provider:pending-change:${grantId}`;
      expect(JSON.parse((await h.stateStore.get(held))!)).toMatchObject({
        kind: 'link',
        link: { instanceId: 'dnevnik-86', userId: ELENA, oid: '1000300001' },
      });
      expect(await rows(h, `SELECT 1 FROM links`)).toEqual([]);
      expect(await rows(h, `SELECT 1 FROM outbox`)).toEqual([]);

      const left = CODE_LIFETIME_MS + 1500 - (Date.now() - issuedAt);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, left)));
      h.clock.advance(CODE_LIFETIME_MS + 1500); // the in-process store (no REDIS_URL) expires on this clock

      expect(await h.stateStore.get(held)).toBeNull();
      expect(await oauthErrorOf(dnevnik.redeem(back.location!, request))).toBe('invalid_grant');
      expect(await rows(h, `SELECT 1 FROM links`)).toEqual([]);
      expect(await rows(h, `SELECT 1 FROM link_events`)).toEqual([]);
    },
    CODE_LIFETIME_MS + 30_000,
  );
});
