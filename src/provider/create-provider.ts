import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { StateStore } from '../core/ports/state-store.port';
import { cspWithFormTargets } from '../http/form-targets';
import { loggedOutPage, logoutConfirmPage, providerErrorPage } from '../http/views/provider.page';
import type { DiarySignIns } from './diary-sign-ins';
import { ProviderAccounts, type RedeemChange } from './provider-accounts';
import type { DiaryClients } from './provider-clients';
import { providerStorage } from './provider-storage';
import { ACR_VALUES, PROVIDER_TTL, providerCookieKeys } from './provider.settings';
import type { SigningJwk } from './signing-keys';

/** Everything the provider is built from; the signing keys change at rotation, the rest at restart. */
export interface ProviderDeps {
  readonly issuer: string;
  readonly clients: DiaryClients;
  readonly keys: readonly SigningJwk[];
  readonly store: StateStore;
  readonly signIns: DiarySignIns;
  readonly redeem: RedeemChange;
  readonly sessionSecret: readonly string[];
  readonly behindTls: boolean;
  readonly trustProxy: boolean;
}

/** The protocol error's message for a person who has nowhere else to go. */
const ERROR_MESSAGES: Record<string, string> = {
  invalid_request:
    'Электронный дневник отправил неполный или неверный запрос на вход. Вернитесь в дневник и начните вход заново; если ошибка повторится, сообщите в поддержку код обращения.',
  invalid_client:
    'Этот электронный дневник не подключён к входу через портал госуслуг. Сообщите в поддержку код обращения.',
  invalid_redirect_uri:
    'Электронный дневник указал адрес возврата, который не зарегистрирован. Сообщите в поддержку код обращения.',
  session_not_found:
    'Страница входа устарела или открыта не в том браузере, где вы начали. Вернитесь в электронный дневник и начните заново.',
  invalid_request_uri:
    'Ссылка для привязки устарела или уже использована. Вернитесь в электронный дневник и начните привязку заново из персональных настроек.',
};
const SERVER_ERROR =
  'Произошла внутренняя ошибка. Попробуйте ещё раз; если ошибка повторится, сообщите в поддержку код обращения.';

const LINK_INTENTS = new Set(['link', 'unlink']);

/**
 * What a diary may add to a request: `intent` (link or unlink, only in a pushed request: the diary's backend
 * vouches for it with its client authentication), `account` (the diary account the person is signed in to,
 * likewise pushed only) and `login_method` (`password` for the gateway's diary password form). A public client
 * (a mobile app, `token_endpoint_auth_method` none) may push requests too, but vouches for nothing: anyone can
 * push as it, so it cannot ask for a link or an unlink.
 */
function extraParams(): NonNullable<Configuration['extraParams']> {
  const pushed = (ctx: KoaContextWithOIDC) =>
    ctx.oidc.route === 'pushed_authorization_request' || 'PushedAuthorizationRequest' in ctx.oidc.entities;
  const authenticated = (ctx: KoaContextWithOIDC) => {
    const method = ctx.oidc.client?.clientAuthMethod;
    return method !== undefined && method !== 'none';
  };
  return {
    intent(ctx, value) {
      if (value === undefined) return;
      if (!LINK_INTENTS.has(value)) throw new errors.InvalidRequest('intent must be link or unlink');
      if (!pushed(ctx))
        throw new errors.InvalidRequest(
          'intent=link and intent=unlink are accepted only in a pushed authorization request',
        );
      if (!authenticated(ctx))
        throw new errors.InvalidRequest('intent=link and intent=unlink need a client that authenticates');
    },
    account(ctx, value) {
      if (value === undefined) return;
      if (!pushed(ctx))
        throw new errors.InvalidRequest('account is accepted only in a pushed authorization request');
      if (!LINK_INTENTS.has(ctx.oidc.params?.intent as string))
        throw new errors.InvalidRequest('account goes with intent=link or intent=unlink');
      if (!/^[A-Za-z0-9._:@-]{1,128}$/.test(value))
        throw new errors.InvalidRequest('account is not a diary account id');
    },
    login_method(ctx, value) {
      if (value === undefined || value === 'esia') return;
      if (value !== 'password') throw new errors.InvalidRequest('login_method must be esia or password');
      if (ctx.oidc.params?.intent)
        throw new errors.InvalidRequest('login_method goes with a sign-in, not with intent');
    },
  };
}

/**
 * Sign-in again even within a session: a link or unlink (fresh ESIA proof), the diary password, and any
 * session the person did not ask to keep («Остаться в системе» unchecked).
 */
function interactionPolicyOf() {
  const { base, Check } = interactionPolicy;
  const policy = base();
  const login = policy.get('login')!;
  login.checks.add(
    new Check('fresh_sign_in', 'this request needs a sign-in of its own', (ctx) => {
      const { oidc } = ctx;
      if (oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      const params = oidc.params ?? {};
      if (params['intent'] || params['login_method'] === 'password') return Check.REQUEST_PROMPT;
      return oidc.session?.transient ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  return policy;
}

/** Every origin a diary may be sent back to: the provider's pages post forms whose redirects end there. */
function diaryOrigins(clients: DiaryClients): string[] {
  const uris = clients.metadata.flatMap((c) => [
    ...(c.redirect_uris ?? []),
    ...(c.post_logout_redirect_uris ?? []),
  ]);
  return [...new Set(uris.map((u) => new URL(u).origin).filter((o) => o !== 'null'))];
}

/** Adds `origins` to the CSP's form-action of a response the provider renders. */
function widenFormAction(ctx: KoaContextWithOIDC, origins: readonly string[]): void {
  const csp = ctx.response.get('content-security-policy');
  if (csp) ctx.set('content-security-policy', cspWithFormTargets(csp, origins));
}

/**
 * The gateway's OpenID Provider (panva's oidc-provider, OpenID Certified): discovery, JWKS, authorization with
 * PAR, token, userinfo, revocation, RP-initiated and back-channel logout. Only the code flow, PKCE S256 for
 * every client, `sub` = the diary's own account (the pairwise hook), `org`, `role`, `amr`, `acr`, `auth_time`,
 * `sid` in the ID token, no personal data. Interactions are the gateway's journeys (src/http/interaction).
 */
export function createProvider(deps: ProviderDeps): Provider {
  const accounts = new ProviderAccounts(
    deps.signIns,
    (clientId) => deps.clients.instanceOf.get(clientId),
    deps.redeem,
    () => Provider.ctx,
  );
  const origins = diaryOrigins(deps.clients);
  const configuration: Configuration = {
    adapter: providerStorage(deps.store),
    clients: deps.clients.metadata,
    jwks: { keys: deps.keys.map((k) => ({ ...k })) },
    findAccount: accounts.findAccount,
    pairwiseIdentifier: accounts.pairwiseIdentifier,
    subjectTypes: ['pairwise'],
    // acr, amr and auth_time are part of every ID token here: the diary decides on them (a password sign-in
    // is not an ESIA one).
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time', 'org', 'role', 'link'], sid: null },
    // The code flow only: put the claims the diary needs in the ID token itself.
    conformIdTokenClaims: false,
    acrValues: ACR_VALUES,
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
      subject_type: 'pairwise',
    },
    extraParams: extraParams(),
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          widenFormAction(ctx, origins);
          ctx.type = 'html';
          ctx.body = logoutConfirmPage({ form, diaryName: ctx.oidc.client?.clientName ?? null });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    interactions: {
      policy: interactionPolicyOf(),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: {
      AuthorizationCode: PROVIDER_TTL.authorizationCode,
      PushedAuthorizationRequest: PROVIDER_TTL.pushedRequest,
      Interaction: PROVIDER_TTL.interaction,
      IdToken: PROVIDER_TTL.idToken,
      AccessToken: PROVIDER_TTL.accessToken,
      RefreshToken: PROVIDER_TTL.refreshToken,
      Session: (_ctx, session) =>
        session.transient ? PROVIDER_TTL.transientSession : PROVIDER_TTL.rememberedSession,
      Grant: PROVIDER_TTL.rememberedSession,
    },
    cookies: {
      keys: providerCookieKeys(deps.sessionSecret),
      // Behind TLS the session cookie is pinned to our origin (`__Host-`); the interaction cookies are path-scoped
      // to their interaction (which `__Host-` forbids), so they are `__Secure-`.
      names: deps.behindTls
        ? { session: '__Host-elg.op', interaction: '__Secure-elg.op.i', resume: '__Secure-elg.op.r' }
        : { session: 'elg.op', interaction: 'elg.op.i', resume: 'elg.op.r' },
      long: { httpOnly: true, sameSite: 'lax', secure: deps.behindTls },
      short: { httpOnly: true, sameSite: 'lax', secure: deps.behindTls },
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out, error) {
      const code = String(out['error'] ?? 'server_error');
      const message =
        ERROR_MESSAGES[code] ??
        (error instanceof errors.OIDCProviderError ? ERROR_MESSAGES['invalid_request']! : SERVER_ERROR);
      const reference = String((ctx.req as { id?: unknown }).id ?? '');
      ctx.type = 'html';
      ctx.body = providerErrorPage({ message, reference });
    },
  };
  const provider = new Provider(deps.issuer, configuration);
  provider.proxy = deps.trustProxy;
  // When an interaction ends with another account than the browser's provider session (a second person on a
  // shared computer), the resume step answers with a self-posting form that ends the old session; the
  // redirects after that post end at the diary, which form-action 'self' would stop on a blank page.
  provider.use(async (koa, next) => {
    await next();
    const ctx = koa as unknown as KoaContextWithOIDC;
    if (ctx.oidc?.route === 'resume' && ctx.response.is('html')) widenFormAction(ctx, origins);
  });
  return provider;
}
