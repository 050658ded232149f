import { AppError } from '../core/errors';

/**
 * The gateway as OpenID Provider: what a person or a diary can do wrong at its pages. Refusals are 4xx with
 * advice; the protocol errors of the provider's own endpoints are answered by the provider (OAuth JSON, or
 * the diary's redirect_uri) and rendered by provider-pages.ts when there is nowhere to send them.
 */

/** The interaction page was opened without its cookie (another browser, or after it expired). */
export class InteractionExpiredError extends AppError {
  readonly code = 'interaction_expired';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Страница входа устарела или открыта не в том браузере, где вы начали. Вернитесь в электронный дневник и начните заново.',
    en: 'This sign-in page is stale or was opened in another browser than the one you started in. Go back to the e-diary and start again.',
  };
}

/** A step of an interaction that does not belong to it (a forged or replayed form, another diary's step). */
export class InteractionStepError extends AppError {
  readonly code = 'interaction_step_invalid';
  readonly status = 400;
  readonly userMessage = {
    ru: 'Этот шаг входа не относится к начатому вами входу. Вернитесь в электронный дневник и начните заново.',
    en: 'This step does not belong to the sign-in you started. Go back to the e-diary and start again.',
  };
}
