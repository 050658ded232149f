import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { DiaryOidcClient } from '../../emulators/shared/diary-oidc-client';
import { JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { rows } from '../support/journey-steps';
import { runOpsCli } from '../support/ops-cli';

jest.setTimeout(90_000);

/** `npm run ops -- …` as a real process (from source), on the harness's database. */
const ops = (h: JourneyHarness, args: string[]) => runOpsCli(args, { DATABASE_URL: h.db.url });

async function jwks(h: JourneyHarness): Promise<JSONWebKeySet> {
  return (await (await fetch(`${h.gatewayUrl}/oidc/jwks`)).json()) as JSONWebKeySet;
}

/** Белов's diary account (no school memberships: one account, nothing to choose). */
const BELOV = '1000000000000000120';

/**
 * An ID token for Дневник.ру, with the test as the diary's backend: the same OpenID client the emulator uses
 * (its registered redirect_uri and demo secret), the browser stopped where it would reach the diary.
 */
async function idToken(h: JourneyHarness): Promise<string> {
  const client = new DiaryOidcClient(
    { issuer: `${h.gatewayUrl}/oidc`, clientId: 'dnevnik-86', clientSecret: h.oidcSecrets['dnevnik-86'] },
    `${h.dnevnik.url}/oidc/callback`,
  );
  const { url, pending } = await client.signIn();
  const browser = new JourneyBrowser();
  const back = await h.throughEsia(browser, url.href, 'teacher-parent');
  expect(back.location).toMatch(/\/oidc\/callback\?code=/);
  return (await client.callback(new URL(back.location!), pending)).idToken;
}

describe("the provider's signing keys", () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
    await h.deps.links.create({
      issuer: h.deps.issuer,
      oid: '1000300008',
      instanceId: 'dnevnik-86',
      userId: BELOV,
      method: 'settings-page',
      actor: 'user',
      at: new Date(),
      notify: false,
    });
  });
  afterAll(() => h?.close());

  it('are created at the first start, sealed at rest, and audited', async () => {
    const keys = await jwks(h);
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys.keys[0]).not.toHaveProperty('d');
    const [stored] = await rows<{ kid: string; text: string }>(
      h,
      `SELECT kid, encode(private_jwk_ciphertext, 'escape') AS text FROM provider_signing_keys`,
    );
    expect(stored!.kid).toBe(keys.keys[0]!.kid);
    expect(stored!.text).not.toContain('"d"');
    expect(await rows(h, `SELECT action FROM admin_audit WHERE action LIKE 'provider-key.%'`)).toEqual([
      { action: 'provider-key.created' },
    ]);
  });

  it('rotate with `ops rotate-signing-key`: new tokens carry the new key, the old key stays published', async () => {
    const [before] = (await jwks(h)).keys;
    const first = await idToken(h);
    expect(decodeProtectedHeader(first).kid).toBe(before!.kid);

    const rotated = await ops(h, ['rotate-signing-key']);
    expect(rotated.code).toBe(0);
    expect(rotated.out).toContain(`${before!.kid} is retired`);
    await h.provider.reload();

    const after = await jwks(h);
    expect(after.keys.map((k) => k.kid)).toHaveLength(2);
    expect(after.keys[1]!.kid).toBe(before!.kid);
    const second = await idToken(h);
    expect(decodeProtectedHeader(second).kid).toBe(after.keys[0]!.kid);
    expect(after.keys[0]!.kid).not.toBe(before!.kid);
    // A token signed before the rotation still verifies against the published set.
    const set = createLocalJWKSet(after);
    await expect(jwtVerify(first, set, { audience: 'dnevnik-86' })).resolves.toBeDefined();
    await expect(jwtVerify(second, set, { audience: 'dnevnik-86' })).resolves.toBeDefined();
    expect(
      await rows(h, `SELECT action, before, after FROM admin_audit WHERE action = 'provider-key.rotated'`),
    ).toEqual([
      {
        action: 'provider-key.rotated',
        before: { kid: before!.kid },
        after: { kid: after.keys[0]!.kid, alg: 'RS256' },
      },
    ]);
  });
});
