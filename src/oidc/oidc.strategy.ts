import type { Request } from 'express';
import type { JWTPayload } from 'jose';
import type { OAuth2 } from 'oauth';
import OpenIDConnectStrategy from 'passport-openidconnect';
import type { Clock } from '../core/clock';
import { isAppError } from '../core/errors';
import type { StateStore } from '../core/ports/state-store.port';
import { SIGN_IN_PURPOSES, type SignInPurpose } from '../sign-in/sign-in-state';
import { IdTokenVerifier } from './id-token.verifier';
import {
  OidcAccessRefusedError,
  OidcProviderError,
  OidcStateError,
  OidcTokenInvalidError,
  OidcUnavailableError,
} from './oidc.errors';
import type { OidcSettings } from './oidc.settings';
import { OidcStateStore, type OidcStartSecrets } from './oidc-state.store';
import { codeChallengeS256, newCodeVerifier, newNonce } from './pkce';

/** A completed plain OIDC sign-in: who (issuer + subject), for what, and a name to greet. No tokens. */
export interface OidcSignIn {
  readonly provider: string;
  readonly issuer: string;
  readonly subject: string;
  readonly purpose: SignInPurpose;
  readonly displayName?: string;
}

/** Options of `passport.authenticate(oidcStrategy, …)` on the start route. */
export interface OidcAuthenticateOptions {
  readonly purpose?: SignInPurpose;
}

type TokenCallback = (
  err: unknown,
  accessToken?: string,
  refreshToken?: string,
  results?: Record<string, unknown>,
) => void;
type TokenRequest = (code: string, params: Record<string, string>, callback: TokenCallback) => void;
type Challenge = { message?: string; error?: unknown } | undefined;

/** Anything the library or the token request produced, as one of our typed errors. */
function typedError(err: unknown): Error {
  if (isAppError(err)) return err;
  const e = err as { name?: string; code?: unknown; oauthError?: { statusCode?: number } };
  if (isAppError(e?.oauthError)) return e.oauthError;
  if (e?.name === 'TokenError') return new OidcProviderError('token', String(e.code ?? 'unknown'));
  const status = e?.oauthError?.statusCode;
  if (e?.name === 'InternalOAuthError' && (status === undefined || status >= 500))
    return new OidcUnavailableError('OIDC token endpoint unavailable', { cause: err });
  return new OidcProviderError('token', status ? `HTTP ${status}` : 'unexpected answer', { cause: err });
}

function displayName(claims: JWTPayload): string | undefined {
  const { name, family_name: family, given_name: given } = claims as Record<string, unknown>;
  if (typeof name === 'string' && name) return name;
  const parts = [family, given].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * passport-openidconnect's Strategy as it is (authorization request, state hook, code exchange with
 * client_secret_post, its own claim checks), plus what it lacks, each where the library leaves room:
 * PKCE S256 and the nonce through `authorizationParams` and the state store; the code_verifier on the token
 * request and the ID token's signature and claims (IdTokenVerifier) by wrapping the protected `_oauth2` for the
 * one request; and typed refusals instead of its `fail` on any `error=access_denied` before the state is taken.
 */
export class OidcStrategy extends OpenIDConnectStrategy {
  private readonly states: OidcStateStore;
  private readonly idTokens: IdTokenVerifier;
  /** Verified claims and purpose of a request, between the token request and the verify callback. */
  private readonly verified: WeakMap<Request, OidcSignIn>;
  /** The library's own client, before any request wrapped it. */
  private readonly baseOAuth2: OAuth2;

  constructor(settings: OidcSettings, deps: { stateStore: StateStore; clock: Clock }) {
    const states = new OidcStateStore(deps.stateStore, deps.clock, settings);
    const verified = new WeakMap<Request, OidcSignIn>();
    super(
      {
        issuer: settings.issuer,
        authorizationURL: settings.authorizationUrl,
        tokenURL: settings.tokenUrl,
        userInfoURL: '',
        callbackURL: settings.redirectUri,
        clientID: settings.clientId,
        clientSecret: settings.clientSecret,
        scope: [...settings.scopes],
        store: states as unknown as OpenIDConnectStrategy.SessionStore,
        skipUserProfile: true,
        passReqToCallback: true,
      },
      // Arity 4 (req, issuer, profile, done): the library picks the verify shape by parameter count.
      ((req: Request, _issuer: string, _profile: unknown, done: OpenIDConnectStrategy.VerifyCallback) => {
        const signIn = verified.get(req);
        if (signIn) done(null, signIn as Express.User);
        else done(new OidcTokenInvalidError('claims'));
      }) as OpenIDConnectStrategy.VerifyFunction,
    );
    this.name = settings.id;
    this.states = states;
    this.verified = verified;
    this.idTokens = new IdTokenVerifier(settings, deps.clock);
    this.baseOAuth2 = this._oauth2;
  }

  /** `this` must be a per-request copy of the strategy (sign-in-handlers.ts makes one): what is set here is this request's alone. */
  override authenticate(
    req: Request,
    options: OpenIDConnectStrategy.AuthenticateOptions & OidcAuthenticateOptions = {},
  ): void {
    this.typedOutcomes();
    const query = req.query as Record<string, unknown>;
    if (query.error !== undefined) {
      this.refused(req, query).catch((err: unknown) => this.error(typedError(err)));
      return;
    }
    if (query.code) {
      this._oauth2 = this.tokenClientFor(req);
      super.authenticate(req, {});
      return;
    }
    const purpose = options.purpose ?? 'login';
    if (!SIGN_IN_PURPOSES.includes(purpose)) return this.error(new OidcStateError('purpose'));
    const secrets: OidcStartSecrets = { purpose, codeVerifier: newCodeVerifier(), nonce: newNonce() };
    // `state` is the library's app-state slot: it reaches both authorizationParams() and the store's store().
    super.authenticate(req, { state: secrets });
  }

  /** PKCE S256 and the nonce on the authorization request; the library copies `nonce` into its context. */
  override authorizationParams(options: { state?: OidcStartSecrets }): object {
    const secrets = options.state!;
    return {
      code_challenge: codeChallengeS256(secrets.codeVerifier),
      code_challenge_method: 'S256',
      nonce: secrets.nonce,
    };
  }

  /** The library's OAuth2 client, for this request only: code_verifier added, ID token checked before use. */
  private tokenClientFor(req: Request): OAuth2 {
    const base = this.baseOAuth2;
    const original = base.getOAuthAccessToken as unknown as TokenRequest;
    const client = Object.create(base) as OAuth2;
    const exchange: TokenRequest = (code, params, callback) => {
      const pending = this.states.pendingFor(req);
      if (!pending) return callback(new OidcStateError('missing'));
      const withVerifier = { ...params, code_verifier: pending.codeVerifier };
      original.call(client, code, withVerifier, (err, access, refresh, results) => {
        if (err) return callback(err);
        this.idTokens.verify(results?.id_token, pending.nonce).then((claims) => {
          this.verified.set(req, this.signInFrom(claims, pending.purpose));
          callback(null, access, refresh, results);
        }, callback);
      });
    };
    client.getOAuthAccessToken = exchange as unknown as OAuth2['getOAuthAccessToken'];
    return client;
  }

  private signInFrom(claims: JWTPayload, purpose: SignInPurpose): OidcSignIn {
    const name = displayName(claims);
    return {
      provider: this.name,
      issuer: claims.iss!,
      subject: claims.sub!,
      purpose,
      ...(name ? { displayName: name } : {}),
    };
  }

  /** The provider sent the person back with an error: the state is still taken, then the error decides. */
  private async refused(req: Request, query: Record<string, unknown>): Promise<void> {
    await this.states.take(req, query.state);
    if (query.error === 'access_denied')
      return this.fail({ error: new OidcAccessRefusedError() } as Challenge as never, 403);
    throw new OidcProviderError('authorization', String(query.error));
  }

  /** Whatever the library reports, the route receives our typed errors: `fail` for refusals, `error` for faults. */
  private typedOutcomes(): void {
    const error = this.error.bind(this);
    const fail = this.fail.bind(this) as (challenge: Challenge, status?: number) => void;
    this.error = (err: Error) => error(typedError(err));
    (this as { fail: (challenge: Challenge, status?: number) => void }).fail = (challenge, status) =>
      isAppError(challenge?.error) ? fail(challenge, status) : error(new OidcTokenInvalidError('claims'));
  }
}
