import { html } from '../../shared/html';
import { alertLine, fieldList, postButton } from '../../shared/page-parts.view';
import { page, type HeaderUser } from './layout.view';

const LINK_BUTTON = { className: 'esia', label: 'Привязать учетную запись портала Госуслуг' };

/** The home page's view of the signed-in account. */
export interface HomeView {
  fullName: string;
  school: string;
  roles: string[];
  children: Array<{ name: string; school: string }>;
  via: 'password' | 'esia' | 'gateway-password' | null;
}

/** How the person got in, as the system tells them. */
const SIGNED_IN_BY = {
  password: 'Вы вошли по имени пользователя и паролю.',
  esia: 'Вы вошли через Госуслуги.',
  'gateway-password': 'Вы вошли по имени пользователя и паролю на странице входа через Госуслуги.',
} as const;

/** The landing page after sign-in: who, where, as whom, and a parent's children. */
export function homePage(region: string, user: HeaderUser, view: HomeView): string {
  return page(
    'Главная',
    region,
    html`<section class="card">
      <h1>Здравствуйте, ${view.fullName}</h1>
      ${view.via ? html`<p class="ok signed-in-by" role="status">${SIGNED_IN_BY[view.via]}</p>` : ''}
      <dl>
        <dt>Образовательная организация</dt>
        <dd>${view.school}</dd>
        <dt>Роль</dt>
        <dd>${view.roles.join(', ')}</dd>
      </dl>
      ${
        view.children.length
          ? html`<h2>Дети</h2>
              <ul>
                ${view.children.map((c) => html`<li>${c.name} — ${c.school}</li>`)}
              </ul>`
          : ''
      }
      <a class="button secondary" href="/app/settings">Персональные настройки</a>
    </section>`,
    user,
  );
}

/** «Персональные настройки» with «Привязать учетную запись портала Госуслуг» (or the link it already has). */
export function settingsPage(
  region: string,
  user: HeaderUser,
  view: {
    lastName: string;
    firstName: string;
    middleName: string;
    screenName: string;
    login: string;
    birthDate: string;
    esiaLinkedAt: string | null;
    /** Why the last press of a button did not leave the page. */
    error?: string;
  },
): string {
  return page(
    'Персональные настройки',
    region,
    html`<section class="card">
      <h1>Персональные настройки</h1>
      ${fieldList([
        ['Фамилия', view.lastName],
        ['Имя', view.firstName],
        ['Отчество', view.middleName || '—'],
        ['Имя на экране', view.screenName],
        ['Имя пользователя', view.login],
        ['Дата рождения', view.birthDate],
        ['Предпочтительный способ связи', 'Сообщения системы Сетевой Регион. Образование'],
      ])}
      <p class="note">Привязать учетную запись Мобильный ID ИРТех — недоступно на этом стенде.</p>
      ${
        view.esiaLinkedAt
          ? html`<p class="ok" role="status">
                Учетная запись портала Госуслуг привязана (${view.esiaLinkedAt}).
              </p>
              ${postButton('/app/settings/esia-unlink', user.csrf, {
                className: 'secondary',
                label: 'Отвязать учетную запись портала Госуслуг',
              })}`
          : postButton('/app/settings/esia-link', user.csrf, LINK_BUTTON)
      }
      ${alertLine(view.error)}
      <a class="button secondary" href="/app">Вернуться</a>
    </section>`,
    user,
  );
}

/** The diary's one success page after the gateway linked (or unlinked) the signed-in account. */
export function accountChangedPage(region: string, user: HeaderUser, change: 'link' | 'unlink'): string {
  const [title, text] =
    change === 'link'
      ? [
          'Учетная запись привязана',
          'Отлично! Теперь Вы можете входить в Сетевой Регион. Образование через портал госуслуг',
        ]
      : [
          'Учетная запись отвязана',
          'Учетная запись портала Госуслуг отвязана. Входите по имени пользователя и паролю.',
        ];
  return page(
    title,
    region,
    html`<section class="card">
      <h1>${title}</h1>
      <p class="ok" role="status">${text}</p>
      <a class="button primary" href="/app">Перейти в Сетевой Регион</a>
    </section>`,
    user,
  );
}

/**
 * The information window of seed 004, once after a password sign-in before the region's date: what changes
 * and when, «Привязать учетную запись портала Госуслуг» now, or «Продолжить» into the system.
 */
export function informationWindowPage(
  region: string,
  user: HeaderUser,
  notice: { message: string; linked: boolean },
): string {
  return page(
    'Информационное окно',
    region,
    html`<section class="card">
      <h1>Вход через Госуслуги</h1>
      <p class="alert" role="alert">${notice.message}</p>
      <p class="note">
        Родителям (законным представителям) и учащимся старше 14 лет для доступа к электронному журналу нужна
        подтверждённая учётная запись портала Госуслуг, привязанная к учётной записи системы.
      </p>
      ${notice.linked ? '' : postButton('/app/settings/esia-link', user.csrf, LINK_BUTTON)}
      <a class="button secondary" href="/app">Продолжить</a>
    </section>`,
    user,
  );
}
