import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { CRAFTED_RETURN_ADDRESSES, NEAR_MISSES, REGISTERED_RETURN_ADDRESS } from './return-addresses.fixture';

/*
 * Open redirects: the only addresses the gateway sends a browser back to are the ones a diary registered at the
 * provider (redirect_uris, post_logout_redirect_uris in its `oidc` registration), compared as exact strings.
 * Дневник.ру is registered here as if it lived at https://diary.example.ru (its emulator takes no part).
 */
describe('return addresses: the provider redirects only to a registered address, exactly', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness({
      registration: (id) =>
        id === 'dnevnik-86'
          ? {
              // One host for all (the pairwise `sub` is per host); two addresses, so none is implied.
              redirectUris: [REGISTERED_RETURN_ADDRESS, 'https://diary.example.ru/oidc/callback'],
              postLogoutRedirectUris: [REGISTERED_RETURN_ADDRESS],
            }
          : {},
    });
  });
  afterAll(() => h?.close());

  /** An otherwise valid authorization request of Дневник.ру returning to `redirectUri`. */
  async function authorize(redirectUri: string): Promise<Response> {
    const query = new URLSearchParams({
      client_id: 'dnevnik-86',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: redirectUri,
      state: randomBytes(8).toString('hex'),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    return fetch(`${h.gatewayUrl}/oidc/auth?${query}`, { redirect: 'manual' });
  }

  const logout = (address: string) =>
    fetch(
      `${h.gatewayUrl}/oidc/session/end?${new URLSearchParams({ client_id: 'dnevnik-86', post_logout_redirect_uri: address })}`,
      { redirect: 'manual' },
    );

  it('the fixture holds at least 50 crafted addresses', () => {
    expect(CRAFTED_RETURN_ADDRESSES.length).toBeGreaterThanOrEqual(50);
  });

  it.each([...CRAFTED_RETURN_ADDRESSES, ...NEAR_MISSES])(
    'refuses %s as redirect_uri on a gateway page: %j',
    async (_why, address) => {
      const answer = await authorize(address);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await answer.text()).not.toContain('evil.example');
    },
  );

  it('accepts the registered address, exactly as registered', async () => {
    const answer = await authorize(REGISTERED_RETURN_ADDRESS);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toMatch(/^\/interaction\/[\w-]+$/);
  });

  // An empty post_logout_redirect_uri is no address at all: the logout then ends on the gateway's own page.
  it.each([...CRAFTED_RETURN_ADDRESSES, ...NEAR_MISSES].filter(([, address]) => address !== ''))(
    'refuses %s as post_logout_redirect_uri: %j',
    async (_why, address) => {
      const answer = await logout(address);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
    },
  );

  it('offers the logout for the registered post-logout address', async () => {
    const answer = await logout(REGISTERED_RETURN_ADDRESS);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('name="xsrf"');
  });
});
