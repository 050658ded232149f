import type { Router } from 'express';
import { diaryOidcRoute } from '../../shared/diary-oidc.route';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { errorPage } from '../views/layout.view';
import { linkedPage } from '../views/diary.view';
import { sessions, signedInUser } from './web-session';

/**
 * Дневник.ру as a client of the gateway's OpenID Provider (emulators/shared/diary-oidc.route.ts) in its own
 * words. The link button on «Личные настройки» (web-diary.route.ts) pushes its request and comes back here too.
 */
export function webOidcRoute(ctx: DnevnikContext): Router {
  const { store } = ctx;
  return diaryOidcRoute({
    ctx,
    web: { store, cookies: sessions, passwordVia: 'gateway-password' },
    signedIn(req) {
      const who = signedInUser(store, req);
      const header = who && {
        shortName: `${who.person.lastName} ${who.person.firstName}`,
        csrf: who.session.csrf,
      };
      return who && header && { userId: who.person.userId, linkedPage: (what) => linkedPage(header, what) };
    },
    account: (userId) => store.user(userId),
    errorPage,
    signInPath: '/login',
    homePath: '/userfeed',
    texts: {
      unreachable: 'Портал госуслуг сейчас не отвечает. Попробуйте позже или войдите по логину и паролю.',
      foreignSignIn: 'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
      foreignLink:
        'Ответ портала госуслуг не относится к привязке, начатой в этом браузере. Начните привязку заново из личных настроек.',
      otherAccount:
        'Вы вышли из дневника или вошли под другой учетной записью. Начните привязку заново из личных настроек.',
      unknownAccount: 'Учётная запись не найдена в Дневник.ру. Обратитесь в школу.',
      blockedAccount: 'Учётная запись заблокирована. Обратитесь к администратору школы.',
    },
  });
}
