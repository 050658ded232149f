import { AppError } from './errors';
import type { PolicyProblem } from './policy';

/**
 * Typed refusals of the cutover policy, the password decision and the ops console. Each has a stable `code` and
 * a Russian message; src/http/error-handler.ts renders them.
 */

/** A policy (or a bypass, or an exemption) that would be invalid: every problem is listed, nothing was saved. */
export class PolicyInvalidError extends AppError {
  readonly code = 'policy_invalid';
  readonly status = 422;
  readonly userMessage = {
    ru: 'Политика не сохранена: исправьте отмеченные поля.',
    en: 'The policy was not saved: fix the fields listed.',
  };
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.code}`).join('; '));
  }
}

/** A bypass or an exemption needs the region to have a policy first (the audit row points at it). */
export class PolicyRequiredError extends AppError {
  readonly code = 'policy_required';
  readonly status = 409;
  readonly userMessage = {
    ru: 'Сначала задайте политику перехода для этого региона.',
    en: 'Set a cutover policy for this region first.',
  };
}

/** A region, instance, bypass or exemption that does not exist or lies outside the operator's regions. */
export class OpsNotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
  readonly userMessage = {
    ru: 'Не найдено (или нет доступа к этому региону).',
    en: 'Not found (or not in your regions).',
  };
}

/** An operator's session or token that is missing, unknown, expired, revoked or disabled. */
export class OperatorUnauthenticatedError extends AppError {
  readonly code = 'operator_unauthenticated';
  readonly status = 401;
  readonly userMessage = {
    ru: 'Войдите в консоль оператора через Госуслуги или передайте действующий токен.',
    en: 'Sign in to the operator console with Gosuslugi or send a valid token.',
  };
}

/** A viewer tried to change something, or a signed-in person is not on the operators list. */
export class OperatorForbiddenError extends AppError {
  readonly code = 'operator_forbidden';
  readonly status = 403;
  readonly userMessage = {
    ru: 'Недостаточно прав: изменения может вносить только оператор с ролью «редактор».',
    en: 'Not allowed: only an operator with the editor role can change this.',
  };
}

/** Regions named for an operator or a token that are not in the tenants table: nothing was written. */
export class UnknownRegionError extends AppError {
  readonly code = 'unknown_region';
  readonly status = 422;
  readonly userMessage = {
    ru: 'Такого региона нет: проверьте коды регионов.',
    en: 'No such region: check the region codes.',
  };
  constructor(readonly regions: readonly string[]) {
    super(`unknown region: ${regions.map((r) => JSON.stringify(r)).join(', ') || '(none given)'}`);
  }
}

/**
 * The CLI named a region the gateway does not know (config/tenants.json): the CLI sees every region, so it may
 * say so plainly, with the regions it knows.
 */
export class RegionNotFoundError extends AppError {
  readonly code = 'region_not_found';
  readonly status = 404;
  readonly userMessage: { ru: string; en: string };
  constructor(tenantId: string, known: readonly string[]) {
    super(`no region ${tenantId}`);
    const list = known.length ? known.join(', ') : 'нет ни одного';
    this.userMessage = {
      ru: `Региона с кодом «${tenantId}» нет в настройках шлюза (config/tenants.json). Известные регионы: ${list}.`,
      en: `There is no region "${tenantId}" in the gateway's configuration (config/tenants.json). Known regions: ${known.join(', ') || 'none'}.`,
    };
  }
}
