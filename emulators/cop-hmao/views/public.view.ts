import { html } from '../../shared/html';
import { page, ROLE_LABELS } from './layout.view';

/** The landing page: sign-in is through Gosuslugi only, and what the school must hold for it to work. */
export function landingPage(input: { esiaLoginUrl: string | null }): string {
  return page(
    'Вход',
    html`<section class="card">
        <h1>Цифровая образовательная платформа ХМАО-Югры</h1>
        <p>Электронный журнал и дневник школ Ханты-Мансийского автономного округа — Югры.</p>
        ${
          input.esiaLoginUrl
            ? html`<a class="button gosuslugi" href="${input.esiaLoginUrl}">Войти через Госуслуги</a>`
            : html`<p class="alert" role="alert">Вход через Госуслуги не настроен.</p>`
        }
        <p class="note">
          Вход в электронный дневник осуществляется только через портал Госуслуг. Логин и пароль для дневника
          не выдаются.
        </p>
      </section>
      <section class="card">
        <h2>Памятка для родителей (законных представителей)</h2>
        <ul class="plain">
          <li>
            Нужна <strong>подтверждённая</strong> учётная запись на портале Госуслуг с указанным СНИЛС.
            Граждане РФ могут подтвердить её онлайн через банк; граждане иностранного государства — только
            лично в центре обслуживания (например, в МФЦ).
          </li>
          <li>
            Ваши данные должны быть внесены в личное дело ученика в раздел «Родители / Законные
            представители»: ФИО, дата рождения, СНИЛС, гражданство, мобильный телефон.
          </li>
          <li>
            При входе платформа находит вас по СНИЛС. Если вас не нашли, нажмите «Обратиться в организацию» —
            заявка попадёт в школу.
          </li>
        </ul>
      </section>
      <p class="note"><a href="/staff/login">Вход для сотрудников образовательной организации</a></p>`,
  );
}

/** «Электронный журнал» of the profile, organization and role the gateway's chooser picked. */
export function journalPage(input: {
  fullName: string;
  organizationName: string;
  role: string;
  /** How the person signed in at the gateway. */
  via: 'esia' | 'password';
  csrf: string;
  rows: { title: string; detail: string }[];
}): string {
  return page(
    'Электронный журнал',
    html`<section class="card">
      <h1>Электронный журнал</h1>
      <dl>
        <dt>Пользователь</dt>
        <dd>${input.fullName}</dd>
        <dt>Организация</dt>
        <dd>${input.organizationName}</dd>
        <dt>Роль</dt>
        <dd>${ROLE_LABELS[input.role] ?? input.role}</dd>
        <dt>Вход</dt>
        <dd>${input.via === 'esia' ? 'через портал Госуслуг' : 'по паролю'}</dd>
      </dl>
      <h2>${input.role === 'parent' ? 'Дети' : input.role === 'student' ? 'Класс' : 'Классы'}</h2>
      <ul class="plain">
        ${input.rows.map((r) => html`<li><strong>${r.title}</strong> — ${r.detail}</li>`)}
      </ul>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value="${input.csrf}" />
        <button class="button secondary" type="submit">Выйти</button>
      </form>
    </section>`,
  );
}

/** Why the answer from the gateway did not sign anyone in, and the way back. */
export function signInFailedPage(reason: string): string {
  return page(
    'Не удалось войти',
    html`<section class="card">
      <h1>Не удалось войти</h1>
      <p class="alert" role="alert">${reason}</p>
      <a class="button primary" href="/">Вернуться на страницу входа</a>
    </section>`,
  );
}
