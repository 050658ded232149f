import { createPrivateKey, webcrypto } from 'node:crypto';
import * as oidc from 'openid-client';
import { COP_CLIENT_KEY, DNEVNIK_APPS, type JourneyHarness } from './journey-harness';

/**
 * A diary (or its app) as a relying party of the gateway's provider, written directly on panva's
 * `openid-client` as a vendor's backend would: each request with a fresh `state`, `nonce` and PKCE S256
 * verifier that the test keeps, as a diary keeps them in the browser's session. Unlike the emulators, a test
 * can also send what a careless or hostile client sends (no PKCE, parameters on the front channel, a wrong
 * verifier, the wrong credentials).
 */

/** What a diary keeps for one authorization request, and where it sends the browser. */
export interface RpRequest {
  readonly url: URL;
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** The clients of the journey harness: the three diaries and Дневник.ру's mobile app. */
export type HarnessClient = 'dnevnik-86' | 'cop-86' | 'setevoy-38' | 'dnevnik-86-app';

/** An OpenID client of the gateway with its discovered configuration. */
export class TestRelyingParty {
  private constructor(
    readonly config: oidc.Configuration,
    readonly clientId: string,
    readonly redirectUri: string,
  ) {}

  /** Discovery at `issuer` for `clientId` authenticating with `auth` (http allowed: the harness has no TLS). */
  static async discover(
    issuer: string,
    clientId: string,
    redirectUri: string,
    auth: oidc.ClientAuth,
  ): Promise<TestRelyingParty> {
    const config = await oidc.discovery(
      new URL(issuer),
      clientId,
      { id_token_signed_response_alg: 'RS256' },
      auth,
      { execute: [oidc.allowInsecureRequests] },
    );
    return new TestRelyingParty(config, clientId, redirectUri);
  }

  /** The harness client `client` with its registered credentials, or with `auth` instead (wrong ones). */
  static async of(h: JourneyHarness, client: HarnessClient, auth?: oidc.ClientAuth) {
    const issuer = `${h.gatewayUrl}/oidc`;
    switch (client) {
      case 'dnevnik-86-app':
        return TestRelyingParty.discover(
          issuer,
          client,
          DNEVNIK_APPS[0]!.redirectUris[0]!,
          auth ?? oidc.None(),
        );
      case 'cop-86':
        return TestRelyingParty.discover(
          issuer,
          client,
          `${h.cop.url}/oidc/callback`,
          auth ?? (await privateKeyJwt(COP_CLIENT_KEY.pem, COP_CLIENT_KEY.kid)),
        );
      case 'dnevnik-86':
      case 'setevoy-38': {
        const diary = client === 'dnevnik-86' ? h.dnevnik.url : h.setevoy.url;
        const secret = auth ?? oidc.ClientSecretBasic(h.oidcSecrets[client]);
        return TestRelyingParty.discover(issuer, client, `${diary}/oidc/callback`, secret);
      }
    }
  }

  /** A front-channel authorization request (code flow, PKCE S256, state, nonce) plus `extra` parameters. */
  async request(extra: Record<string, string> = {}): Promise<RpRequest> {
    const fresh = await this.fresh();
    return { ...fresh.kept, url: oidc.buildAuthorizationUrl(this.config, { ...fresh.params, ...extra }) };
  }

  /** The same request pushed by the backend (PAR, client-authenticated); the browser carries a request_uri. */
  async pushed(extra: Record<string, string> = {}): Promise<RpRequest> {
    const fresh = await this.fresh();
    const url = await oidc.buildAuthorizationUrlWithPAR(this.config, { ...fresh.params, ...extra });
    return { ...fresh.kept, url };
  }

  /** Redeems the code of `callback` with what `request` kept; openid-client checks state, iss, nonce, ID token. */
  redeem(callback: string | URL, request: RpRequest, verifier = request.verifier) {
    return oidc.authorizationCodeGrant(this.config, new URL(callback), {
      pkceCodeVerifier: verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
  }

  private async fresh() {
    const kept = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
    };
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: 'openid',
      state: kept.state,
      nonce: kept.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(kept.verifier),
      code_challenge_method: 'S256',
    };
    return { kept, params };
  }
}

/** private_key_jwt with a PKCS#8 P-256 key (ES256), as ЦОП authenticates. */
export async function privateKeyJwt(pem: string, kid: string): Promise<oidc.ClientAuth> {
  const der = createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);
  return oidc.PrivateKeyJwt({ key, kid });
}

/** The OAuth error code a refused token or PAR request answered with (openid-client's ResponseBodyError). */
export async function oauthErrorOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    // A JSON error body (ResponseBodyError), or a WWW-Authenticate challenge (a bearer token refused).
    const { error, cause } = err as { error?: unknown; cause?: unknown };
    if (typeof error === 'string') return error;
    const challenge = Array.isArray(cause) ? (cause[0] as { parameters?: { error?: unknown } }) : undefined;
    if (typeof challenge?.parameters?.error === 'string') return challenge.parameters.error;
    throw err;
  }
  throw new Error('the request was not refused');
}
