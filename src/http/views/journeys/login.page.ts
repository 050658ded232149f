import type { Role } from '../../../core/policy.types';
import type { LoginChoice } from '../../../services/journeys.types';
import { html, type Html } from '../html';
import type { Lang } from '../layout';
import { backLink, card, csrfField, type Texts } from './page';

/** One name per role of src/core/policy.types.ts: a role added there fails to compile here until named. */
const ROLES: Texts<Record<Role, string>> = {
  ru: {
    student: 'Обучающийся',
    parent: 'Родитель / законный представитель',
    teacher: 'Педагог',
    staff: 'Сотрудник',
  },
  en: { student: 'Student', parent: 'Parent / legal representative', teacher: 'Teacher', staff: 'Staff' },
};

const TEXT: Texts<{
  title: string;
  lead: string;
  enter: string;
  leave: string;
  missing: string;
  stay: string;
  stayHint: string;
  legend: string;
}> = {
  ru: {
    legend: 'Организация и роль',
    title: 'Вход в систему',
    lead: 'Выберите необходимые данные или нажмите «Выйти» для выхода из системы портала ГОСУСЛУГИ.',
    enter: 'Войти',
    leave: 'Выйти',
    missing: 'Нет нужной организации',
    stay: 'Остаться в системе',
    stayHint:
      'В следующий раз на этом устройстве вход в этот дневник выполнится сразу, без Госуслуг и без выбора (до 14 дней).',
  },
  en: {
    legend: 'Organization and role',
    title: 'Sign in',
    lead: 'Choose the data you need or press "Sign out" to leave the GOSUSLUGI portal.',
    enter: 'Sign in',
    leave: 'Sign out',
    missing: 'My organization is not listed',
    stay: 'Stay signed in',
    stayHint:
      'Next time on this device you enter this diary directly, without Gosuslugi and without choosing (up to 14 days).',
  },
};

/** «Вход в систему»: one radio per organization × role, «Войти», «Выйти», «Нет нужной организации», «Остаться в системе». */
export function chooserPage(p: {
  lang: Lang;
  csrf: string;
  uid: string;
  choices: readonly LoginChoice[];
}): string {
  const t = TEXT[p.lang];
  const roles = ROLES[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p>${t.lead}</p>
      <form id="leave" method="post" action="/interaction/${p.uid}/leave">${csrfField(p.csrf)}</form>
      <form method="post" action="/interaction/${p.uid}/choose">
        ${csrfField(p.csrf)}
        <fieldset class="choices">
          <legend class="visually-hidden">${t.legend}</legend>
          ${p.choices.map(
            (c, i) =>
              html`<label class="choice"
                ><input type="radio" name="choice" value="${i}" ${i === 0 ? html`checked` : ''} />
                <span
                  >${c.organizationName}${c.role ? html`<br /><small>${roles[c.role] ?? c.role}</small>` : ''}</span
                ></label
              >`,
          )}
        </fieldset>
        <label class="check"
          ><input type="checkbox" name="stay" value="1" aria-describedby="stay-hint" /><span
            >${t.stay}</span
          ></label
        >
        <p class="hint" id="stay-hint">${t.stayHint}</p>
        <p class="actions">
          <button type="submit">${t.enter}</button>
          <button type="submit" form="leave" class="secondary">${t.leave}</button>
        </p>
      </form>
      <p><a href="/requests/new?cause=organization_missing">${t.missing}</a></p>`,
  );
}

/** Why nobody was found at sign-in: no SNILS at Gosuslugi to look for, or the school records lack it. */
export type NotFoundCause = 'no_snils' | 'snils_not_found';

const NOT_FOUND: Texts<{
  title: string;
  lead: Record<NotFoundCause, string>;
  what: Record<NotFoundCause, Html>;
  ask: string;
}> = {
  ru: {
    title: 'Не удалось найти вашу учетную запись',
    lead: {
      no_snils:
        'В электронном дневнике нет учетной записи, связанной с вашей учетной записью портала Госуслуг, а в вашей учетной записи Госуслуг не указан СНИЛС, поэтому найти вас в школьных данных нельзя.',
      snils_not_found:
        'В электронном дневнике нет учетной записи, связанной с вашей учетной записью портала Госуслуг, и в школьных данных нет вашего СНИЛС.',
    },
    what: {
      no_snils: html`<ul>
        <li>
          Если у вас есть СНИЛС, укажите его в профиле на портале Госуслуг («Показать все данные» →
          «Редактировать»), дождитесь проверки и войдите снова.
        </li>
        <li>
          Если СНИЛС нет (например, вы гражданин другого государства), нажмите «Обратиться в организацию»:
          сотрудник школы внесет ваши данные в электронный дневник.
        </li>
      </ul>`,
      snils_not_found: html`<p>
        Ваши данные должны быть внесены школой в личное дело ученика (раздел «Родители / Законные
        представители»): ФИО, дата рождения, СНИЛС. Нажмите «Обратиться в организацию» — обращение попадет к
        ответственному сотруднику образовательной организации, который внесет недостающие данные.
      </p>`,
    },
    ask: 'Обратиться в организацию',
  },
  en: {
    title: 'We could not find your account',
    lead: {
      no_snils:
        'The e-diary has no account linked to your Gosuslugi account, and your Gosuslugi account has no SNILS, so the school records cannot be searched.',
      snils_not_found:
        'The e-diary has no account linked to your Gosuslugi account, and no school record carries your SNILS.',
    },
    what: {
      no_snils: html`<ul>
        <li>If you have a SNILS, add it to your Gosuslugi profile, wait for the check and sign in again.</li>
        <li>
          If you have none, press "Contact the organization": the school staff will add you to the e-diary.
        </li>
      </ul>`,
      snils_not_found: html`<p>
        The school must enter your name, birth date and SNILS in the pupil's record. Press "Contact the
        organization" and the school staff will add the missing data.
      </p>`,
    },
    ask: 'Contact the organization',
  },
};

/**
 * «Не удалось найти вашу учетную запись», one page per cause (no SNILS at Gosuslugi, or no school record with
 * it), each saying what to do, with «Обратиться в организацию» (its form for that cause) and «Вернуться в дневник».
 */
export function notFoundPage(p: { lang: Lang; uid: string; cause: NotFoundCause }): string {
  const t = NOT_FOUND[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p>${t.lead[p.cause]}</p>
      ${t.what[p.cause]}
      <p class="actions">
        <a class="button" href="/requests/new?cause=${p.cause}">${t.ask}</a>
        ${backLink(p.lang, p.uid)}
      </p>`,
    'alert',
  );
}

const SIGN_IN: Texts<{ title: string; lead: string; go: string }> = {
  ru: {
    title: 'Войдите через Госуслуги',
    lead: 'Эта страница доступна после входа через портал Госуслуг.',
    go: 'Войти через Госуслуги',
  },
  en: {
    title: 'Sign in with Gosuslugi',
    lead: 'This page is available after signing in with Gosuslugi.',
    go: 'Sign in with Gosuslugi',
  },
};

/** Asks for an ESIA sign-in, then comes back to `next`. */
export function signInNeededPage(p: { lang: Lang; next: string }): string {
  const t = SIGN_IN[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p>${t.lead}</p>
      <p><a class="button" href="/identify?next=${encodeURIComponent(p.next)}">${t.go}</a></p>`,
  );
}

/** Role names for other pages. */
export function roleName(lang: Lang, role: string): string {
  return (ROLES[lang] as Record<string, string>)[role] ?? role;
}
