import { createPrivateKey, webcrypto } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

/**
 * What an emulated diary is at the gateway's OpenID Provider: a confidential web client, authenticated by
 * `client_secret_basic` or `private_key_jwt`, as a vendor would register it.
 */
export interface DiaryOidcSettings {
  /** The gateway's issuer, e.g. http://localhost:3000/oidc (discovery is read from it, once). */
  issuer: string;
  clientId: string;
  /** `client_secret_basic` … */
  clientSecret?: string;
  /** … or `private_key_jwt` with this key (PKCS#8 PEM, P-256) and its kid. */
  privateKey?: { pem: string; kid: string };
}

/**
 * What the browser's diary session holds while it is away at the gateway: the diary's own `state`, `nonce` and
 * PKCE verifier, and what it asked for. Nothing else proves that a code coming back belongs to this browser.
 */
export interface PendingOidcRequest {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly intent: 'sign-in' | 'link' | 'unlink';
  /** For link and unlink: the diary account signed in when the request was pushed. */
  readonly account?: string;
}

/** The checked result of the diary's callback. */
export interface OidcResult {
  /** The diary account (`sub`), the chosen organization and role, how the person signed in. */
  readonly claims: Record<string, unknown> & { sub: string };
  readonly idToken: string;
}

/**
 * The gateway answered with an OAuth error: at the callback (`access_denied` when the person went back or was
 * refused) or when the diary redeemed the code (`invalid_grant`: the change could not be written any more;
 * `temporarily_unavailable`: try again later).
 */
export class OidcRefusedError extends Error {
  constructor(
    readonly error: string,
    readonly description: string | undefined,
    readonly stage: 'callback' | 'token' = 'callback',
  ) {
    super(`gateway refused (${stage}): ${error}`);
    this.name = 'OidcRefusedError';
  }
}

/** What the person is told about a refusal, as a diary would word it; `what` is what they were doing. */
export function refusalText(
  refusal: OidcRefusedError,
  what: 'sign-in' | 'link' | 'unlink',
): { status: number; text: string } {
  const again =
    what === 'sign-in' ? 'Войдите ещё раз.' : 'Вы можете начать заново из персональных настроек дневника.';
  if (refusal.error === 'access_denied')
    return {
      status: 403,
      text:
        what === 'sign-in'
          ? 'Вход через Госуслуги отменён. Войдите ещё раз или по логину и паролю.'
          : what === 'link'
            ? `Учетная запись портала госуслуг не привязана: привязка отменена. ${again}`
            : `Учетная запись портала госуслуг не отвязана: отвязка отменена. ${again}`,
    };
  if (refusal.error === 'temporarily_unavailable')
    return {
      status: 503,
      text: `Сервис входа через Госуслуги временно недоступен. Попробуйте позже. ${again}`,
    };
  return {
    status: 409,
    text:
      what === 'sign-in'
        ? `Вход не выполнен: портал госуслуг не подтвердил его. ${again}`
        : `${what === 'link' ? 'Привязка' : 'Отвязка'} не выполнена: учетная запись изменилась с тех пор или подтверждение устарело. ${again}`,
  };
}

/** A callback that does not belong to this browser's request (no request, or another `state`). */
export class ForeignCallbackError extends Error {
  constructor() {
    super('the callback does not belong to this browser');
    this.name = 'ForeignCallbackError';
  }
}

/**
 * The emulated diaries' side of sign-in and linking: a plain OpenID Connect client on panva's `openid-client`
 * (the library a Node vendor would pick), with `state`, `nonce` and PKCE S256 on every request and PAR for
 * link and unlink, plus the back-channel logout receiver. Emulators import nothing from src/: this is written
 * from the protocol, as a vendor would write it.
 */
export class DiaryOidcClient {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: DiaryOidcSettings,
    /** This diary's callback address (registered at the gateway as its redirect_uri). */
    readonly redirectUri: string,
  ) {}

  /**
   * «Войти через Госуслуги»: where to send the browser, and what to keep in its session. `extra` adds request
   * parameters the gateway understands: `prompt=login`, `max_age`, `login_method=password` (its own form of
   * the diary's login and password, for a diary that cannot ask the password decision itself).
   */
  async signIn(
    extra: { prompt?: 'login'; max_age?: string; login_method?: 'password' } = {},
  ): Promise<{ url: URL; pending: PendingOidcRequest }> {
    const pending = this.newRequest('sign-in');
    const params = { ...(await this.parameters(pending)), ...extra };
    const url = oidc.buildAuthorizationUrl(await this.configuration(), params);
    return { url, pending };
  }

  /**
   * «Привязать учетную запись портала Госуслуг» (or the unlink): the diary's backend pushes the request with
   * its client authentication, naming the account signed in here; the browser only carries a request_uri.
   */
  async change(
    intent: 'link' | 'unlink',
    account: string,
  ): Promise<{ url: URL; pending: PendingOidcRequest }> {
    const pending = { ...this.newRequest(intent), account };
    const params = { ...(await this.parameters(pending)), intent, account };
    const url = await oidc.buildAuthorizationUrlWithPAR(await this.configuration(), params);
    return { url, pending };
  }

  /**
   * The redirect back from the gateway: the code is redeemed only with this browser's own state, nonce and
   * verifier. Throws ForeignCallbackError for a callback this browser never asked for (login CSRF), and
   * OidcRefusedError when the gateway answered an error (the person went back, or was refused).
   */
  async callback(currentUrl: URL, pending: PendingOidcRequest | undefined): Promise<OidcResult> {
    const state = currentUrl.searchParams.get('state');
    if (!pending || !state || state !== pending.state) throw new ForeignCallbackError();
    const error = currentUrl.searchParams.get('error');
    if (error)
      throw new OidcRefusedError(error, currentUrl.searchParams.get('error_description') ?? undefined);
    const tokens = await oidc
      .authorizationCodeGrant(await this.configuration(), currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      .catch((err: unknown) => {
        if (err instanceof oidc.ResponseBodyError)
          throw new OidcRefusedError(err.error, err.error_description, 'token');
        // The library reads an error body only for 4xx; a 503 is the gateway saying «not now» all the same.
        const status = (err as { cause?: { status?: unknown } }).cause?.status;
        if (status === 503) throw new OidcRefusedError('temporarily_unavailable', undefined, 'token');
        throw err;
      });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new ForeignCallbackError();
    return { claims: claims as OidcResult['claims'], idToken: tokens.id_token };
  }

  /** «Выйти»: RP-initiated logout at the gateway, back to `postLogoutRedirectUri`. */
  async logoutUrl(idToken: string, postLogoutRedirectUri: string): Promise<URL> {
    return oidc.buildEndSessionUrl(await this.configuration(), {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
  }

  /**
   * A back-channel logout token from the gateway (OpenID Connect Back-Channel Logout 1.0 §2.6): signed by the
   * gateway's keys, for this client, with the logout event and a `sid`; the `sid` comes back.
   */
  async logoutSession(logoutToken: string): Promise<string> {
    const config = await this.configuration();
    const server = config.serverMetadata();
    const jwks = createRemoteJWKSet(new URL(server.jwks_uri!));
    const { payload } = await jwtVerify(logoutToken, jwks, {
      issuer: server.issuer,
      audience: this.settings.clientId,
      maxTokenAge: '5m',
    });
    const events = payload['events'] as Record<string, unknown> | undefined;
    if (!events?.['http://schemas.openid.net/event/backchannel-logout'])
      throw new Error('not a logout token');
    if ('nonce' in payload) throw new Error('a logout token carries no nonce');
    if (typeof payload['sid'] !== 'string') throw new Error('no sid');
    return payload['sid'];
  }

  private newRequest(intent: PendingOidcRequest['intent']): PendingOidcRequest {
    return {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      intent,
    };
  }

  private async parameters(pending: PendingOidcRequest): Promise<Record<string, string>> {
    return {
      redirect_uri: this.redirectUri,
      scope: 'openid',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    };
  }

  /** Discovery once; a failed discovery is tried again on the next request (the gateway may start later). */
  private configuration(): Promise<oidc.Configuration> {
    this.config ??= this.discover().catch((err: unknown) => {
      this.config = undefined;
      throw err;
    });
    return this.config;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret, privateKey } = this.settings;
    const auth = privateKey
      ? oidc.PrivateKeyJwt({ key: await importP256(privateKey.pem), kid: privateKey.kid })
      : oidc.ClientSecretBasic(clientSecret);
    const url = new URL(issuer);
    // Development runs over plain http on 127.0.0.1 and localhost; a real diary talks https only.
    const insecure = url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
    return oidc.discovery(url, clientId, { id_token_signed_response_alg: 'RS256' }, auth, insecure);
  }
}

async function importP256(pem: string): Promise<webcrypto.CryptoKey> {
  const der = createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

/**
 * A diary's OpenID client at the gateway: the issuer is `<gateway url>/oidc`, the client_id the diary instance,
 * and the gateway sends the browser back to `<diaryUrl>/oidc/callback`.
 */
export function gatewayOidcClient(
  gateway: { url: string; instanceId: string; oidc?: Pick<DiaryOidcSettings, 'clientSecret' | 'privateKey'> },
  diaryUrl: string,
): DiaryOidcClient {
  return new DiaryOidcClient(
    {
      issuer: `${gateway.url.replace(/\/+$/, '')}/oidc`,
      clientId: gateway.instanceId,
      ...gateway.oidc,
    },
    `${diaryUrl}/oidc/callback`,
  );
}
