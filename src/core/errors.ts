/**
 * Every error the gateway answers on purpose. Each has a stable `code` (for vendors and operators), an HTTP
 * `status`, and whether its Russian message may be shown to a person. Anything thrown that is not an AppError is
 * a programmer error or an unexpected fault: it becomes a 500 with a support reference and nothing more.
 *
 * The mapping to HTTP, JSON and HTML pages lives in one place: src/http/error-handler.ts.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** What a person reads: what happened and what to do. Russian first; English for the `en` pages. */
  abstract readonly userMessage: { ru: string; en: string };

  constructor(detail?: string, options?: { cause?: unknown }) {
    super(detail ?? new.target.name, options);
    this.name = new.target.name;
  }
}

/** A request body, query or parameter that does not fit the contract. `issues` name the fields, never values. */
export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Запрос заполнен неверно. Проверьте данные и попробуйте ещё раз.',
    en: 'The request is not valid. Check the data and try again.',
  };
  constructor(readonly issues: readonly string[] = []) {
    super(issues.join('; ') || 'validation failed');
  }
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
  readonly userMessage = {
    ru: 'Страница не найдена. Проверьте адрес или вернитесь в дневник.',
    en: 'Page not found. Check the address or return to the diary.',
  };
}

export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
  readonly status = 401;
  readonly userMessage = {
    ru: 'Нужно войти в систему. Войдите и повторите действие.',
    en: 'You need to sign in. Sign in and try again.',
  };
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
  readonly userMessage = {
    ru: 'У вас нет прав на это действие. Если это ошибка, обратитесь к администратору.',
    en: 'You are not allowed to do this. If this is a mistake, contact the administrator.',
  };
}

/** A state-changing form arrived without the token of the session that showed it. */
export class CsrfError extends AppError {
  readonly code = 'csrf_failed';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Срок действия формы истёк. Обновите страницу и повторите действие.',
    en: 'The form has expired. Reload the page and try again.',
  };
}

export class ConflictError extends AppError {
  readonly code: string = 'conflict';
  readonly status = 409;
  readonly userMessage = {
    ru: 'Действие не выполнено: данные уже изменились. Обновите страницу.',
    en: 'Not done: the data has changed meanwhile. Reload the page.',
  };
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
  readonly userMessage = {
    ru: 'Отправлено слишком много данных. Сократите запрос.',
    en: 'Too much data was sent. Make the request smaller.',
  };
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
  readonly userMessage = {
    ru: 'Данные отправлены в неподдерживаемом формате.',
    en: 'The data was sent in an unsupported format.',
  };
}

export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  readonly status = 429;
  readonly userMessage = {
    ru: 'Слишком много попыток. Подождите немного и попробуйте снова.',
    en: 'Too many attempts. Wait a little and try again.',
  };
  constructor(readonly retryAfterSeconds: number) {
    super(`retry after ${retryAfterSeconds}s`);
  }
}

/**
 * A signed request whose one-time nonce was already used: a replay (or a client that reuses nonces). Nothing
 * of it was done or counted.
 */
export class ReplayedRequestError extends AppError {
  readonly code = 'nonce_replayed';
  readonly status = 401;
  readonly userMessage = {
    ru: 'Этот запрос уже был получен: повтор не выполняется. Отправьте новый запрос с новым одноразовым значением.',
    en: 'This request was already received: a repeat is not served. Send a new request with a new nonce.',
  };
}

/** A dependency we cannot do without (PostgreSQL, Redis) is not answering. */
export class DependencyUnavailableError extends AppError {
  readonly code = 'dependency_unavailable';
  readonly status = 503;
  readonly userMessage = {
    ru: 'Сервис временно недоступен. Попробуйте позже.',
    en: 'The service is temporarily unavailable. Try again later.',
  };
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable`, options);
  }
}

/** The process is draining for a restart; the load balancer should send the request elsewhere. */
export class ShuttingDownError extends AppError {
  readonly code = 'shutting_down';
  readonly status = 503;
  readonly userMessage = {
    ru: 'Сервис перезапускается. Повторите действие через несколько секунд.',
    en: 'The service is restarting. Try again in a few seconds.',
  };
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
