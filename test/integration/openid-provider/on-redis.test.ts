import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { JourneyBrowser, csrfOf } from '../../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { rows } from '../../support/journey-steps';
import { TestRelyingParty, oauthErrorOf } from '../../support/test-relying-party';

/*
 * The provider on Redis, as production runs it (the other provider suites use the in-process store): its
 * records land in Redis under the deployment's prefix, a code is consumed once across racing redemptions
 * (Redis SET NX), the held link is written when the diary redeems, and a reused code is refused.
 */
const requireReal = process.env.REQUIRE_REAL_SERVICES === '1';
const url = process.env.REDIS_URL || (requireReal ? 'redis://127.0.0.1:6379' : undefined);
const ELENA = '1000000000000000101';

(url ? describe : describe.skip)('the provider on Redis (REDIS_URL)', () => {
  if (!url) console.warn('on-redis.test: REDIS_URL is unset and REQUIRE_REAL_SERVICES is not 1: not run.');
  const prefix = `elg-test-provider-${randomUUID()}:`;
  let h: JourneyHarness;
  let redis: Redis;
  let dnevnik: TestRelyingParty;
  beforeAll(async () => {
    h = await startJourneyHarness({ env: { REDIS_URL: url!, REDIS_KEY_PREFIX: prefix } });
    redis = new Redis(url!);
    dnevnik = await TestRelyingParty.of(h, 'dnevnik-86');
  });
  afterAll(async () => {
    const keys = await redis?.keys(`${prefix}*`);
    if (keys?.length) await redis.del(...keys);
    redis?.disconnect();
    await h?.close();
  });

  it('a pushed link is held in Redis and written once when the diary redeems; racing and reused redemptions are refused', async () => {
    const request = await dnevnik.pushed({ intent: 'link', account: ELENA });
    const browser = new JourneyBrowser();
    await browser.follow(request.url.href);
    const page = await h.throughEsia(
      browser,
      `${h.gatewayUrl}/auth/esia/start?purpose=link`,
      'parent-two-schools',
    );
    const back = await browser.follow(page.url, {
      form: { _csrf: csrfOf(page) },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    const callback = back.location!;
    const code = new URL(callback).searchParams.get('code')!;
    expect(await redis.exists(`${prefix}state:op:AuthorizationCode:${code}`)).toBe(1);
    expect((await redis.keys(`${prefix}state:provider:pending-change:*`)).length).toBe(1);
    expect(await rows(h, 'SELECT 1 FROM links WHERE legacy_user_id = $1', [ELENA])).toEqual([]);

    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => dnevnik.redeem(callback, request)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]!.value.claims()).toMatchObject({ sub: ELENA, link: 'created' });
    for (const lost of results.filter((r) => r.status === 'rejected'))
      expect(await oauthErrorOf(Promise.reject(lost.reason))).toBe('invalid_grant');
    expect(await rows(h, 'SELECT method FROM links WHERE legacy_user_id = $1', [ELENA])).toEqual([
      { method: 'settings-page' },
    ]);
    expect((await redis.keys(`${prefix}state:provider:pending-change:*`)).length).toBe(0);
    expect(await oauthErrorOf(dnevnik.redeem(callback, request))).toBe('invalid_grant');
  });
});
