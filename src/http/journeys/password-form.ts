import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type {
  OrganizationLevel,
  PasswordCheck,
  PasswordCredentials,
  PasswordRefusal,
} from '../../../adapters/contract';
import { NotFoundError } from '../../core/errors';
import type { DiaryInstance } from '../../services/diary-directory';
import type { Lang } from '../views/layout';
import type { CascadeLevel } from '../views/journeys/organization-cascade';
import type { JourneyDeps } from './journey-deps';

/**
 * What the two gateway-hosted diary password forms share (linking, flow A, and sign-in, flow C): reading the
 * fields, the rate limits, the organization cascade and the Russian text of each refusal.
 */

const REFUSALS: Record<PasswordRefusal, { status: number; ru: string; en: string }> = {
  bad_credentials: {
    status: 401,
    ru: 'Неправильный логин или пароль. Проверьте раскладку клавиатуры и попробуйте ещё раз.',
    en: 'Wrong login or password. Check the keyboard layout and try again.',
  },
  rate_limited: {
    status: 429,
    ru: 'Слишком много попыток входа. Следующая попытка может быть совершена не ранее чем через несколько минут.',
    en: 'Too many attempts. Try again in a few minutes.',
  },
  password_login_disabled: {
    status: 403,
    ru: 'Вход по паролю в этот дневник закрыт. Войдите в дневник через Госуслуги.',
    en: 'Password sign-in to this diary is closed. Sign in through Gosuslugi.',
  },
  account_locked: {
    status: 423,
    ru: 'Учетная запись заблокирована. Обратитесь к администратору вашей школы.',
    en: 'The account is locked. Contact your school administrator.',
  },
  organization_not_found: {
    status: 400,
    ru: 'Организация не найдена. Выберите вашу школу из списка.',
    en: 'Organization not found. Choose your school from the list.',
  },
};

/* A refusal as the form shows it: its status and text (with the wait in minutes when it is known). */
function refusalText(
  refusal: Extract<PasswordCheck, { ok: false }>,
  lang: Lang,
): { status: number; text: string } {
  const { status } = REFUSALS[refusal.reason];
  const wait = refusal.retryAfterSeconds;
  if (refusal.reason === 'rate_limited' && wait) {
    const minutes = Math.max(1, Math.ceil(wait / 60));
    const text =
      lang === 'ru'
        ? `Слишком много попыток входа. Следующая попытка может быть совершена не ранее чем через ${minutes} мин.`
        : `Too many attempts. Try again in ${minutes} min.`;
    return { status, text };
  }
  return { status, text: REFUSALS[refusal.reason][lang] };
}

/** Sets the refusal's status (and Retry-After when the wait is known) on `res`; the text for the form. */
export function answerRefusal(
  res: Response,
  refusal: Extract<PasswordCheck, { ok: false }>,
  lang: Lang,
): string {
  const { status, text } = refusalText(refusal, lang);
  if (refusal.retryAfterSeconds) res.set('Retry-After', String(refusal.retryAfterSeconds));
  res.status(status);
  return text;
}

/** Both limits are counted before the vendor is asked, whatever the password: per account and per address. */
const PER_ACCOUNT = { limit: 5, windowSeconds: 300 };
const PER_ADDRESS = { limit: 30, windowSeconds: 300 };

/**
 * Counts one attempt; a refusal when either limit is spent. Both forms share the budget, so that a guesser
 * gains nothing by alternating them; the login is hashed so no diary login sits in the shared store as a key.
 */
export async function hitPasswordLimits(
  deps: Pick<JourneyDeps, 'rateLimiter'>,
  instance: DiaryInstance,
  login: string,
  ip: string | undefined,
): Promise<Extract<PasswordCheck, { ok: false }> | null> {
  const account = createHash('sha256')
    .update(`${instance.id}\u0000${login.toLowerCase()}`)
    .digest('base64url')
    .slice(0, 22);
  const [perAccount, perAddress] = await Promise.all([
    deps.rateLimiter.hit(`diary-pw:${account}`, PER_ACCOUNT),
    deps.rateLimiter.hit(`diary-pw-ip:${ip ?? 'unknown'}`, PER_ADDRESS),
  ]);
  if (perAccount.allowed && perAddress.allowed) return null;
  const retryAfterSeconds = Math.max(perAccount.retryAfterSeconds, perAddress.retryAfterSeconds);
  return { ok: false, reason: 'rate_limited', retryAfterSeconds };
}

/** The instance if its vendor can check a diary password; otherwise 404 (no form to show). */
export function passwordInstance(deps: Pick<JourneyDeps, 'diaries'>, id: unknown): DiaryInstance {
  const instance = deps.diaries.get(id);
  if (!instance.adapter.capabilities.passwordLogin) throw new NotFoundError('no password login');
  return instance;
}

/** The credentials of a submitted form, bounded; the password is never trimmed (spaces may be part of it). */
export function credentialsOf(body: Record<string, unknown>): PasswordCredentials {
  const login = typeof body['login'] === 'string' ? body['login'].trim().slice(0, 100) : '';
  const password = typeof body['password'] === 'string' ? body['password'].slice(0, 200) : '';
  const organizationId =
    typeof body['organizationId'] === 'string' && body['organizationId']
      ? body['organizationId'].slice(0, 64)
      : undefined;
  return { login, password, ...(organizationId ? { organizationId } : {}) };
}

const LEVELS: readonly OrganizationLevel[] = ['municipality', 'settlement', 'type', 'organization'];
const FIELD: Record<OrganizationLevel, string> = {
  municipality: 'municipality',
  settlement: 'settlement',
  type: 'type',
  organization: 'organizationId',
};

/**
 * The organization cascade («Муниципальное образование» → «Населённый пункт» → «Тип ОО» → the school) for
 * vendors whose logins are unique only within a school: each level asked of the adapter with the choices
 * above it. A choice not among its level's options (stale after a higher level changed, or forged) is
 * dropped, so only the vendor's own ids reach it. Levels the vendor lacks answer [] and are not shown.
 */
export async function organizationCascade(
  instance: DiaryInstance,
  source: Request['query'] | Record<string, unknown>,
): Promise<CascadeLevel[]> {
  if (!instance.adapter.capabilities.organizationSearch) return [];
  const chosen: Record<string, string> = {};
  const levels: CascadeLevel[] = [];
  for (const level of LEVELS) {
    const options = await instance.adapter.searchOrganizations({ level, chosen: { ...chosen } });
    const wanted = source[FIELD[level]];
    const value = typeof wanted === 'string' && options.some((o) => o.id === wanted) ? wanted : '';
    if (value) chosen[level] = value;
    if (options.length) levels.push({ level, field: FIELD[level], options, value });
  }
  return levels;
}
