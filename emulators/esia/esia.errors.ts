/**
 * ESIA's error codes as the emulator answers them: `error` (OAuth 2.0 name) + `error_description` =
 * "ESIA-0070xx: <English text>", the way public clients report ESIA's answers. The Russian text is what the
 * emulator's own error page shows. The OAuth names for 007002/007019/007055 are our best reading of public
 * material (see docs/decisions/0003-esia-emulator.md). The Russian texts of 007013, 007039–008010 are ESIA's as
 * ofstudio/go-api-epgu quotes them (esia/aas/errors.go, commit f3763d9); their OAuth names are our guess (no
 * public client shows them), and the emulator sends them only when the `esiaError` fault switch asks for them.
 */
export const ESIA_ERRORS = {
  '007002': [
    'invalid_client',
    'The certificate does not match the client system or is not registered',
    'Несоответствие сертификата и мнемоники информационной системы или отсутствие сертификата для данной системы в ЕСИА',
  ],
  '007003': [
    'invalid_request',
    'The request contains an invalid or repeated parameter',
    'В запросе неверное значение параметра или параметр указан несколько раз',
  ],
  '007004': [
    'access_denied',
    'The resource owner or authorization server denied the request',
    'Владелец ресурса или сервис авторизации отклонил запрос',
  ],
  '007006': [
    'invalid_scope',
    'The requested scope is invalid, unknown or malformed',
    'Запрошенная область доступа (scope) указана неверно или неизвестна',
  ],
  '007007': [
    'server_error',
    'The authorization server encountered an unexpected condition',
    'Неожиданная ошибка в работе сервиса авторизации',
  ],
  '007008': [
    'temporarily_unavailable',
    'The authorization server is temporarily unavailable',
    'Сервис авторизации временно недоступен',
  ],
  '007009': [
    'unsupported_response_type',
    'The authorization server does not support this response type',
    'Сервис авторизации не поддерживает этот тип ответа',
  ],
  '007011': [
    'invalid_grant',
    'The authorization code or refresh token is invalid, expired, revoked, does not match the redirect URI or was issued to another client',
    'Авторизационный код или маркер обновления недействителен, просрочен, отозван или выдан другой системе',
  ],
  '007012': [
    'unsupported_grant_type',
    'The grant type is not supported by the authorization server',
    'Тип авторизационного кода не поддерживается',
  ],
  '007013': [
    'invalid_request',
    'The request does not contain the scope',
    'Запрос не содержит указания на область доступа (scope)',
  ],
  '007014': [
    'invalid_request',
    'The request does not contain the mandatory parameter',
    'Запрос не содержит обязательного параметра',
  ],
  '007015': ['invalid_request', 'Invalid request time', 'Неверное время запроса'],
  '007019': ['invalid_scope', 'No grants for the requested scope', 'Отсутствует разрешение на доступ'],
  '007023': [
    'invalid_request',
    'The redirect_uri is not among the addresses registered for the client',
    'Указанный в запросе redirect_uri отсутствует среди разрешённых для системы',
  ],
  '007038': [
    'invalid_request',
    'Cannot read the request parameters',
    'Ошибка получения параметров из запроса',
  ],
  '007039': [
    'invalid_request',
    'The code_challenge parameter was not given in the initial v2/ac request',
    'В изначальном запросе на /v2/ac параметр code_challenge не был указан',
  ],
  '007040': [
    'invalid_grant',
    'The code_verifier does not match the code_challenge',
    'Ошибка сравнения исходного и контрольного значений',
  ],
  '007046': [
    'access_denied',
    'A one-time password cannot be requested, but the scope requires two-factor authentication the user does not have',
    'Запрос otp невозможен, а в области доступа (scope) указано обязательное прохождение пользователем двухфакторной авторизации, недоступной пользователю',
  ],
  '007053': [
    'access_denied',
    'client_secret is wrong: it does not match the certificate, the client or the certificate is not active',
    'client_secret сформирован некорректно',
  ],
  '007055': [
    'access_denied',
    'Sign-in with an unconfirmed account',
    'Вход в систему осуществляется с неподтверждённой учётной записью',
  ],
  '007060': [
    'invalid_request',
    'The roles parameter of the request is wrong',
    'Значение параметра roles в запросе указано неверно',
  ],
  '007061': [
    'invalid_request',
    'The obj_type parameter of the request is wrong',
    'Значение параметра obj_type в запросе указано неверно',
  ],
  '007062': [
    'invalid_request',
    'The user type or role in the request is wrong',
    'Тип или роль пользователя в запросе указана неверно',
  ],
  '007194': [
    'invalid_scope',
    'A scope was requested for an organization the user is not an employee of',
    'Запрос области доступа для организации, сотрудником которой пользователь не является',
  ],
  '008010': [
    'invalid_client',
    'The client system could not be authenticated',
    'Не удалось произвести аутентификацию системы-клиента',
  ],
} as const satisfies Record<string, readonly [string, string, string]>;

/** One of the ESIA codes the emulator answers. */
export type EsiaErrorCode = keyof typeof ESIA_ERRORS;

/** A request ESIA refuses: `code` picks the OAuth error, the description and the Russian text. */
export class EsiaProtocolError extends Error {
  override readonly name = 'EsiaProtocolError';
  constructor(
    readonly code: EsiaErrorCode,
    readonly detail?: string,
  ) {
    super(`ESIA-${code}: ${ESIA_ERRORS[code][1]}${detail ? ` (${detail})` : ''}`);
  }
  get oauthError(): string {
    return ESIA_ERRORS[this.code][0];
  }
  /** What ESIA puts in `error_description`: the code and the fixed text, never request data. */
  get description(): string {
    return `ESIA-${this.code}: ${ESIA_ERRORS[this.code][1]}`;
  }
  get russianText(): string {
    return ESIA_ERRORS[this.code][2];
  }
}
