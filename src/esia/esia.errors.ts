import { AppError } from '../core/errors';

/**
 * Every way an ESIA sign-in ends without a person, as typed errors (DESIGN §5.11). "Refused" (the person said
 * no, the account is not confirmed, the sign-in expired) is kept apart from "broken" (our request or ESIA's
 * answer is wrong): the first is a 4xx with advice, the second a 502/503 with a support reference.
 */

/** Why a state parameter was not accepted; logged, never shown. */
export type EsiaStateProblem =
  'missing' | 'unknown' | 'expired_or_replayed' | 'other_session' | 'purpose' | 'echo';

/** The sign-in's `state` is missing, unknown, used before, expired, or belongs to another browser session. */
export class EsiaStateError extends AppError {
  readonly code = 'esia_state_invalid';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Вход через Госуслуги не завершён: страница устарела или была открыта в другом окне. Начните вход заново.',
    en: 'The Gosuslugi sign-in did not finish: the page is stale or was opened in another window. Start again.',
  };
  constructor(readonly problem: EsiaStateProblem) {
    super(`ESIA state refused: ${problem}`);
  }
}

/** The person pressed «Отказать» on ESIA's consent page (ESIA-007004): a decision, not a fault. */
export class EsiaAccessRefusedError extends AppError {
  readonly code = 'esia_access_refused';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Вы отказались предоставить доступ к данным на портале Госуслуг. Чтобы войти, начните заново и нажмите «Предоставить».',
    en: 'You declined to share your data on Gosuslugi. To sign in, start again and press "Allow".',
  };
}

/** ESIA refused an unconfirmed account (ESIA-007055) or the account's level is below what the flow needs. */
export class EsiaAccountUnconfirmedError extends AppError {
  readonly code = 'esia_account_unconfirmed';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Ваша учётная запись на Госуслугах не подтверждена. Подтвердите её в банке, МФЦ или центре обслуживания, затем войдите снова.',
    en: 'Your Gosuslugi account is not confirmed. Confirm it at a bank, a service centre (MFC), then sign in again.',
  };
}

/**
 * ESIA must confirm this sign-in with a one-time code but cannot send one to this person (ESIA-007046): their
 * account has no second factor ESIA can use. The person can fix it in their Gosuslugi profile.
 */
export class EsiaSecondFactorUnavailableError extends AppError {
  readonly code = 'esia_second_factor_unavailable';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Госуслуги требуют подтвердить вход одноразовым кодом, но не могут отправить его для вашей учётной записи. Проверьте в профиле на Госуслугах, что номер мобильного телефона указан и подтверждён, затем войдите снова. Если не получится, сообщите в поддержку код обращения.',
    en: 'Gosuslugi requires a one-time code for this sign-in but cannot send one for your account. Check in your Gosuslugi profile that your mobile number is given and confirmed, then sign in again. If it still fails, give support the reference.',
  };
}

/** ESIA answered an error that means our request was wrong (signature, certificate, redirect, time, code). */
export class EsiaProtocolError extends AppError {
  readonly code = 'esia_protocol_error';
  readonly status = 502;
  readonly userMessage: { ru: string; en: string };
  constructor(
    readonly esiaCode: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`ESIA-${esiaCode}: ${detail}`, options);
    this.userMessage = {
      ru: `Не удалось войти через Госуслуги из-за технической ошибки (ESIA-${esiaCode}). Попробуйте ещё раз; если ошибка повторится, сообщите в поддержку код обращения.`,
      en: `Signing in with Gosuslugi failed because of a technical error (ESIA-${esiaCode}). Try again; if it repeats, give support the reference.`,
    };
  }
}

/** Why a token was refused; logged (never the token), not shown. */
export type EsiaTokenProblem =
  | 'malformed'
  | 'alg'
  | 'signature'
  | 'unknown_key'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'subject';

/** A token from ESIA (or an OIDC provider) failed a check: it is not trusted, whoever sent it. */
export class EsiaTokenInvalidError extends AppError {
  readonly code = 'esia_token_invalid';
  readonly status = 502;
  readonly userMessage = {
    ru: 'Ответ портала Госуслуг не прошёл проверку подлинности. Попробуйте войти ещё раз; если ошибка повторится, сообщите в поддержку код обращения.',
    en: 'The answer from Gosuslugi failed its authenticity check. Try again; if it repeats, give support the reference.',
  };
  constructor(
    readonly problem: EsiaTokenProblem,
    readonly token: 'id_token' | 'access_token',
  ) {
    super(`${token} refused: ${problem}`);
  }
}

/** ESIA refused data for a scope the client is not approved for (HTTP 403, ESIA-007019/007006). */
export class EsiaScopeNotApprovedError extends AppError {
  readonly code = 'esia_scope_not_approved';
  readonly status = 502;
  readonly userMessage = {
    ru: 'Портал Госуслуг не выдал нужные данные: доступ к ним не согласован для этой системы. Сообщите в поддержку код обращения.',
    en: 'Gosuslugi did not release the data needed: access to it is not approved for this system. Give support the reference.',
  };
  constructor(readonly resource: string) {
    super(`ESIA refused ${resource}: scope not approved`);
  }
}

/** ESIA did not answer in time, answered 5xx, or said it is unavailable (ESIA-007007/007008). */
export class EsiaUnavailableError extends AppError {
  readonly code = 'esia_unavailable';
  readonly status = 503;
  readonly userMessage = {
    ru: 'Портал Госуслуг сейчас не отвечает. Попробуйте войти через несколько минут.',
    en: 'Gosuslugi is not answering right now. Try again in a few minutes.',
  };
}
