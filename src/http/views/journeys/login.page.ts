import type { Role } from '../../../core/policy.types';
import type { LoginChoice } from '../../../services/journeys.types';
import { html } from '../html';
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
}> = {
  ru: {
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
        <label class="check"><input type="checkbox" name="stay" value="1" /> ${t.stay}</label>
        <p class="hint">${t.stayHint}</p>
        <p class="actions">
          <button type="submit">${t.enter}</button>
          <button type="submit" form="leave" class="secondary">${t.leave}</button>
        </p>
      </form>
      <p><a href="/requests/new?reason=organization_missing">${t.missing}</a></p>`,
  );
}

const NOT_FOUND: Texts<{ title: string; lead: string; leadNoSnils: string; what: string; ask: string }> = {
  ru: {
    title: 'Не удалось найти вашу учетную запись',
    lead: 'В электронном дневнике нет учетной записи, связанной с вашей учетной записью портала Госуслуг, и школьные данные с вашим СНИЛС не найдены.',
    leadNoSnils:
      'В электронном дневнике нет учетной записи, связанной с вашей учетной записью портала Госуслуг. В вашей учетной записи Госуслуг не указан СНИЛС, поэтому найти вас в школьных данных нельзя.',
    what: 'Нажмите «Обратиться в организацию» и заполните форму обращения о проблеме доступа. Обращение попадет к ответственному сотруднику образовательной организации, который внесет недостающие данные в электронный журнал/дневник.',
    ask: 'Обратиться в организацию',
  },
  en: {
    title: 'We could not find your account',
    lead: 'The e-diary has no account linked to your Gosuslugi account, and no school record carries your SNILS.',
    leadNoSnils:
      'The e-diary has no account linked to your Gosuslugi account. Your Gosuslugi account has no SNILS, so the school records cannot be searched.',
    what: 'Press "Contact the organization" and fill in the access-problem form: the school staff will add the missing data to the e-diary.',
    ask: 'Contact the organization',
  },
};

/**
 * «Не удалось найти вашу учетную запись» with «Обратиться в организацию» and «Вернуться в дневник». Without a
 * SNILS at Gosuslugi there was nothing to look for in the school records, and the page says so.
 */
export function notFoundPage(p: { lang: Lang; uid: string; hasSnils: boolean }): string {
  const t = NOT_FOUND[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p>${p.hasSnils ? t.lead : t.leadNoSnils}</p>
      <p>${t.what}</p>
      <p class="actions">
        <a class="button" href="/requests/new?reason=profile_missing">${t.ask}</a>
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
