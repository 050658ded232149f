import { AppError } from '../core/errors';
import type { StateProblem } from '../sign-in/sign-in-state';

/**
 * Every way a plain OIDC sign-in ends without a person. As for ESIA, a refusal (the person said no, the page is
 * stale) is a 4xx with advice, a fault (our request or the provider's answer is wrong) a 502/503.
 */

/** Why a state was not accepted: the shared problems, plus mix-up defence (`provider`, `iss`). */
export type OidcStateProblem = StateProblem | 'provider' | 'iss';

/** The callback's `state` is missing, used, expired, of another session or of another provider (mix-up). */
export class OidcStateError extends AppError {
  readonly code = 'oidc_state_invalid';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Вход не завершён: страница устарела или была открыта в другом окне. Начните вход заново.',
    en: 'The sign-in did not finish: the page is stale or was opened in another window. Start again.',
  };
  constructor(readonly problem: OidcStateProblem) {
    super(`OIDC state refused: ${problem}`);
  }
}

/** The person declined at the provider (`error=access_denied`): a decision, not a fault. */
export class OidcAccessRefusedError extends AppError {
  readonly code = 'oidc_access_refused';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Вы отказались предоставить доступ к данным. Чтобы войти, начните заново и разрешите доступ.',
    en: 'You declined to share your data. To sign in, start again and allow access.',
  };
}

/** The provider answered an OAuth error (authorization or token endpoint): our request or its setup is wrong. */
export class OidcProviderError extends AppError {
  readonly code = 'oidc_provider_error';
  readonly status = 502;
  readonly userMessage = {
    ru: 'Не удалось войти из-за технической ошибки у поставщика входа. Попробуйте ещё раз; если ошибка повторится, сообщите в поддержку код обращения.',
    en: 'Signing in failed because of a technical error at the sign-in provider. Try again; if it repeats, give support the reference.',
  };
  constructor(
    readonly endpoint: 'authorization' | 'token' | 'discovery',
    readonly oauthError: string,
    options?: { cause?: unknown },
  ) {
    super(`OIDC ${endpoint} endpoint answered ${oauthError}`, options);
  }
}

/** Why an ID token was refused; logged (never the token), not shown. */
export type OidcTokenProblem =
  | 'missing'
  | 'malformed'
  | 'alg'
  | 'signature'
  | 'unknown_key'
  | 'issuer'
  | 'audience'
  | 'azp'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'nonce'
  | 'claims';

/** The ID token failed a check: it is not trusted, whoever sent it. */
export class OidcTokenInvalidError extends AppError {
  readonly code = 'oidc_token_invalid';
  readonly status = 502;
  readonly userMessage = {
    ru: 'Ответ поставщика входа не прошёл проверку подлинности. Попробуйте войти ещё раз; если ошибка повторится, сообщите в поддержку код обращения.',
    en: 'The answer from the sign-in provider failed its authenticity check. Try again; if it repeats, give support the reference.',
  };
  constructor(readonly problem: OidcTokenProblem) {
    super(`id_token refused: ${problem}`);
  }
}

/** The provider (token endpoint, JWKS) did not answer in time, or answered 5xx. */
export class OidcUnavailableError extends AppError {
  readonly code = 'oidc_unavailable';
  readonly status = 503;
  readonly userMessage = {
    ru: 'Поставщик входа сейчас не отвечает. Попробуйте войти через несколько минут.',
    en: 'The sign-in provider is not answering right now. Try again in a few minutes.',
  };
}
