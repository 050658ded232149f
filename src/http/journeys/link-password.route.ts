import { Router, type Request, type Response } from 'express';
import type { PasswordRefusal } from '../../../adapters/contract';
import { NotFoundError } from '../../core/errors';
import type { DiaryInstance } from '../../services/diary-directory';
import { safeReturnUrl } from '../../services/return-address';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import type { Lang } from '../views/layout';
import { linkPasswordPage } from '../views/journeys/link-password.page';
import type { JourneyDeps } from './journey-deps';

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

/** Both limits are counted before the vendor is asked: per account and per address. */
const PER_ACCOUNT = { limit: 5, windowSeconds: 300 };
const PER_ADDRESS = { limit: 30, windowSeconds: 300 };

async function organizationsOf(instance: DiaryInstance) {
  if (!instance.adapter.capabilities.organizationSearch) return [];
  return instance.adapter.searchOrganizations({ level: 'organization', chosen: {} }).catch(() => []);
}

function passwordInstance(deps: JourneyDeps, id: unknown): DiaryInstance {
  const instance = deps.diaries.get(id);
  if (!instance.adapter.capabilities.passwordLogin) throw new NotFoundError('no password login');
  return instance;
}

async function show(
  req: Request,
  res: Response,
  instance: DiaryInstance,
  returnUrl: string,
  extra: { lang: Lang; login?: string; refusal?: string },
) {
  res.set('Cache-Control', 'no-store');
  res.type('html').send(
    linkPasswordPage({
      csrf: csrfToken(req),
      instanceId: instance.id,
      returnUrl,
      diaryName: instance.displayName,
      organizations: await organizationsOf(instance),
      ...extra,
    }),
  );
}

/**
 * `GET|POST /link/password?instance=…`: the diary password entered at the gateway proves the diary account
 * (vendors with passwordLogin). Rate limited; refusals are shown in Russian on the form itself.
 */
export function linkPasswordRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/link/password', async (req, res) => {
    const instance = passwordInstance(deps, req.query['instance']);
    await show(req, res, instance, safeReturnUrl(req.query['returnUrl'], instance), { lang: pickLang(req) });
  });
  router.post('/link/password', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const instance = passwordInstance(deps, body['instance']);
    const returnUrl = safeReturnUrl(body['returnUrl'], instance);
    const login = typeof body['login'] === 'string' ? body['login'].trim().slice(0, 100) : '';
    const password = typeof body['password'] === 'string' ? body['password'].slice(0, 200) : '';
    const organizationId =
      typeof body['organizationId'] === 'string' && body['organizationId']
        ? body['organizationId']
        : undefined;
    const lang = pickLang(req);
    const refuse = (reason: PasswordRefusal) => {
      res.status(REFUSALS[reason].status);
      return show(req, res, instance, returnUrl, { lang, login, refusal: REFUSALS[reason][lang] });
    };
    const perAccount = await deps.rateLimiter.hit(
      `link-pw:${instance.id}:${login.toLowerCase()}`,
      PER_ACCOUNT,
    );
    const perAddress = await deps.rateLimiter.hit(`link-pw-ip:${req.ip}`, PER_ADDRESS);
    if (!perAccount.allowed || !perAddress.allowed) return refuse('rate_limited');
    const check = await instance.adapter.verifyPassword({
      login,
      password,
      ...(organizationId ? { organizationId } : {}),
    });
    if (!check.ok) return refuse(check.reason);
    await rotateSession(req, {
      journey: {
        kind: 'link',
        instanceId: instance.id,
        userId: check.userId,
        returnUrl,
        method: 'diary-password',
      },
    });
    res.redirect(303, '/link/notice');
  });
  return router;
}
