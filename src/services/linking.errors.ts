import { AppError } from '../core/errors';

/**
 * Typed refusals of the link, sign-in and access-request journeys and of the vendor API. Each has a stable
 * `code` for vendors and a Russian message a person can act on; src/http/error-handler.ts renders them.
 */

/** A diary instance that does not exist or is switched off. */
export class UnknownInstanceError extends AppError {
  readonly code = 'instance_unknown';
  readonly status = 404;
  readonly userMessage = {
    ru: 'Такой электронный дневник не подключён к сервису. Проверьте адрес или вернитесь в дневник.',
    en: 'This e-diary is not connected to the service. Check the address or return to the diary.',
  };
}

/** A vendor asked about a diary instance other than its own. */
export class InstanceForbiddenError extends AppError {
  readonly code = 'instance_forbidden';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Ключ доступа не позволяет работать с этим дневником.',
    en: 'This key may not act on this diary instance.',
  };
}

/** A journey page reached without the earlier steps (expired session, a bookmark, another window). */
export class JourneyMissingError extends AppError {
  readonly code = 'journey_missing';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Действие не начато или устарело. Вернитесь в электронный дневник и начните заново.',
    en: 'The action was not started or has expired. Go back to the e-diary and start again.',
  };
}

/** The ESIA proof for an unlink is older than five minutes. */
export class ProofTooOldError extends AppError {
  readonly code = 'proof_too_old';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Подтверждение через Госуслуги устарело (прошло больше 5 минут). Начните отвязку заново.',
    en: 'The Gosuslugi confirmation is older than 5 minutes. Start the unlink again.',
  };
}

/** After cutover the link is the only way a 14+ user can sign in, so only school staff may remove it. */
export class UnlinkRefusedError extends AppError {
  readonly code = 'unlink_refused_only_way_in';
  readonly status = 409;
  readonly userMessage = {
    ru: 'Отвязать учётную запись Госуслуг нельзя: вход по паролю в ваш дневник закрыт, и Госуслуги — единственный способ входа. Если нужно, обратитесь к ответственному сотруднику школы.',
    en: 'You cannot unlink: password sign-in to your diary is closed and Gosuslugi is the only way in. Ask the school staff if needed.',
  };
}

/** The diary password entered at the gateway was refused by the vendor. */
export class DiaryPasswordRefusedError extends AppError {
  readonly code: string;
  readonly status: number;
  readonly userMessage: { ru: string; en: string };
  constructor(reason: string, message: { ru: string; en: string }, status = 401) {
    super(`diary password refused: ${reason}`);
    this.code = `diary_password_${reason}`;
    this.status = status;
    this.userMessage = message;
  }
}

/** The link the person confirmed could not be written when the diary redeemed its code (a race lost). */
export class LinkConflictAtRedemptionError extends AppError {
  readonly code = 'link_conflict';
  readonly status = 409;
  readonly userMessage = {
    ru: 'Привязка не выполнена: учетная запись уже привязана к другой учетной записи портала Госуслуг. Обращение передано в школу.',
    en: 'The link was not made: the account is already linked to another Gosuslugi account. The school has been asked to check.',
  };
  constructor(readonly requestId: string) {
    super(`link conflict at redemption, request ${requestId}`);
  }
}
