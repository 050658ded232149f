import type { AccessRequest } from '../../../store/access-requests.repository';
import { html, type Html } from '../html';
import { layout, type Lang } from '../layout';
import { roleName } from './login.page';
import { card, csrfField, type Texts } from './page';

/**
 * Why the person asks the school, as the page that sent them knows it: no SNILS at Gosuslugi, a SNILS the school
 * records lack, «Нет нужной организации» on the chooser, data that differ at linking, or (an old address) no
 * account. Each is a page of its own; the request's reason is what the school's queue sorts by.
 */
export const CAUSES = {
  no_snils: 'profile_missing',
  snils_not_found: 'profile_missing',
  profile_missing: 'profile_missing',
  organization_missing: 'organization_missing',
  data_mismatch: 'data_mismatch',
} as const;
export type AccessRequestCause = keyof typeof CAUSES;

/** The cause a page address names (`cause`, or the older `reason`); an unknown one is the general one. */
export function causeOf(query: Record<string, unknown>): AccessRequestCause {
  const asked = query['cause'] ?? query['reason'];
  return typeof asked === 'string' && asked in CAUSES ? (asked as AccessRequestCause) : 'profile_missing';
}

const REASONS: Texts<Record<string, string>> = {
  ru: {
    organization_missing: 'Нет нужной организации',
    profile_missing: 'Нет моей учетной записи в дневнике',
    data_mismatch: 'Мои данные в дневнике неверны (ФИО, дата рождения, СНИЛС)',
  },
  en: {
    organization_missing: 'My organization is not listed',
    profile_missing: 'I have no account in the diary',
    data_mismatch: 'My data in the diary are wrong (name, birth date, SNILS)',
  },
};

/** Per cause: the heading, what the school will do, and the first words of the message (the person may edit). */
const CAUSE_TEXT: Texts<Record<AccessRequestCause, { title: string; lead: string; message: string }>> = {
  ru: {
    no_snils: {
      title: 'Обращение: в учетной записи Госуслуг нет СНИЛС',
      lead: 'Найти вас в школьных данных по СНИЛС нельзя. Сотрудник школы найдет вас по фамилии, имени и дате рождения и внесет ваши данные в электронный дневник.',
      message: 'В моей учетной записи Госуслуг не указан СНИЛС.',
    },
    snils_not_found: {
      title: 'Обращение: школьные данные с вашим СНИЛС не найдены',
      lead: 'Сотрудник школы внесет ваш СНИЛС в личное дело ученика (раздел «Родители / Законные представители») или в вашу учетную запись сотрудника, после чего вы сможете входить через Госуслуги.',
      message: 'Мой СНИЛС не внесен в школьные данные.',
    },
    profile_missing: {
      title: 'Обращение о проблеме доступа',
      lead: 'Обращение попадет к ответственному сотруднику образовательной организации, который внесет недостающие данные в электронный журнал/дневник.',
      message: '',
    },
    organization_missing: {
      title: 'Обращение: нет нужной организации',
      lead: 'Выберите организацию или впишите ее название. Сотрудник этой организации добавит вас в электронный дневник с нужной ролью.',
      message: '',
    },
    data_mismatch: {
      title: 'Обращение: данные в дневнике не совпадают с Госуслугами',
      lead: 'Сотрудник школы сверит и исправит ваши данные в электронном дневнике (ФИО, дата рождения, СНИЛС).',
      message: 'Мои данные в дневнике не совпадают с данными Госуслуг.',
    },
  },
  en: {
    no_snils: {
      title: 'Request: your Gosuslugi account has no SNILS',
      lead: 'You cannot be found by SNILS. The school staff will find you by name and birth date and add you to the e-diary.',
      message: 'My Gosuslugi account has no SNILS.',
    },
    snils_not_found: {
      title: 'Request: no school record carries your SNILS',
      lead: "The school staff will add your SNILS to the pupil's record, then you sign in with Gosuslugi.",
      message: 'My SNILS is not in the school records.',
    },
    profile_missing: {
      title: 'Access problem request',
      lead: 'The request goes to the responsible school staff member, who adds the missing data to the e-diary.',
      message: '',
    },
    organization_missing: {
      title: 'Request: my organization is not listed',
      lead: 'Choose the organization or type its name. Its staff will add you to the e-diary with your role.',
      message: '',
    },
    data_mismatch: {
      title: 'Request: my data in the diary differ from Gosuslugi',
      lead: 'The school staff will check and correct your data in the e-diary (name, birth date, SNILS).',
      message: 'My data in the diary differ from Gosuslugi.',
    },
  },
};

const TEXT: Texts<Record<string, string>> = {
  ru: {
    person: 'Заявитель',
    organization: 'Организация',
    other: 'Другая (укажите ниже)',
    otherName: 'Название организации, если ее нет в списке',
    organizationName: 'Название организации (школы), например МБОУ «СОШ № 110»',
    role: 'Кем вы являетесь в организации',
    message: 'Опишите проблему',
    contact: 'Как с вами связаться (телефон или электронная почта)',
    send: 'Отправить обращение',
    open: 'Обращение принято',
    resolved: 'Заявка рассмотрена: проблема решена',
    rejected: 'Заявка рассмотрена и отклонена',
    linked: 'Теперь вы можете входить через Госуслуги.',
    answer: 'Ответ организации',
    numberIs: 'Номер обращения',
    quote: 'Назовите этот номер, если будете звонить в школу.',
    numberSoon:
      'Номер обращения появится здесь через несколько секунд, когда организация его зарегистрирует.',
    refresh: 'Обновить',
    next: 'Сотрудник организации рассмотрит обращение и свяжется с вами',
    nextThen: 'Когда данные будут внесены, войдите в дневник через Госуслуги еще раз.',
    reason: 'Причина',
    back: 'Вернуться в дневник',
  },
  en: {
    person: 'Requester',
    organization: 'Organization',
    other: 'Other (type it below)',
    otherName: 'Organization name, if not listed',
    organizationName: 'Name of the organization (school)',
    role: 'Your role in the organization',
    message: 'Describe the problem',
    contact: 'How to reach you (phone or e-mail)',
    send: 'Send the request',
    open: 'Request received',
    resolved: 'The request is resolved',
    rejected: 'The request was considered and rejected',
    linked: 'You can now sign in through Gosuslugi.',
    answer: 'Answer of the organization',
    numberIs: 'Request number',
    quote: 'Quote this number if you call the school.',
    numberSoon: 'The request number appears here in a few seconds, once the organization registers it.',
    refresh: 'Refresh',
    next: 'The school staff will consider the request and contact you',
    nextThen: 'Once your data are entered, sign in to the diary with Gosuslugi again.',
    reason: 'Reason',
    back: 'Back to the diary',
  },
};

/** The form of flow D for one cause: person from ESIA, organization from the list or free text, role, message, contact. */
export function accessRequestFormPage(p: {
  lang: Lang;
  csrf: string;
  personName: string;
  cause: AccessRequestCause;
  organizations: ReadonlyArray<{ id: string; name: string }>;
  back: string;
}): string {
  const t = TEXT[p.lang];
  const c = CAUSE_TEXT[p.lang][p.cause];
  return card(
    p.lang,
    c.title,
    html`<p>${c.lead}</p>
      <form method="post" action="/requests/new">
        ${csrfField(p.csrf)}
        <input type="hidden" name="reason" value="${CAUSES[p.cause]}" />
        <dl class="facts">
          <dt>${t.person}</dt>
          <dd>${p.personName}</dd>
          <dt>${t.reason}</dt>
          <dd>${REASONS[p.lang][CAUSES[p.cause]]}</dd>
        </dl>
        ${
          p.organizations.length
            ? html`<label
                  >${t.organization}
                  <select name="organizationId">
                    ${p.organizations.map((o) => html`<option value="${o.id}">${o.name}</option>`)}
                    <option value="other">${t.other}</option>
                  </select></label
                >
                <label>${t.otherName} <input name="organizationName" maxlength="200" /></label>`
            : html`<input type="hidden" name="organizationId" value="other" />
                <label
                  >${t.organizationName} <input name="organizationName" required maxlength="200"
                /></label>`
        }
        <label
          >${t.role}
          <select name="role">
            ${['parent', 'student', 'teacher', 'staff'].map((r) => html`<option value="${r}">${roleName(p.lang, r)}</option>`)}
          </select></label
        >
        <label>${t.message} <textarea name="message" rows="5" maxlength="2000">${c.message}</textarea></label>
        <label
          >${t.contact} <input name="contact" required minlength="3" maxlength="200" autocomplete="email"
        /></label>
        <p class="actions">
          <button type="submit">${t.send}</button>
          <a class="button secondary" href="${p.back}">${t.back}</a>
        </p>
      </form>`,
  );
}

/** The number the school sees, or that it is coming (a vendor's queue numbers the request once it takes it). */
function numberNote(t: Record<string, string>, number: string | null, self: string): Html {
  return number
    ? html`<p class="note">${t.numberIs} <strong class="number">${number}</strong> ${t.quote}</p>`
    : html`<p class="note">${t.numberSoon} <a href="${self}">${t.refresh}</a></p>`;
}

/**
 * What the requester sees at /requests/:id: the state, the number the school sees (ЗД-86-000001), what happens
 * next, and the way back to the diary. Before a vendor's queue has numbered the request the page says the number
 * is coming, with «Обновить» (no automatic reload: a page must not change under a person who is reading it).
 */
export function accessRequestPage(p: {
  lang: Lang;
  request: AccessRequest;
  number: string | null;
  diaryName: string;
  back: string;
}): string {
  const t = TEXT[p.lang];
  const r = p.request;
  const self = `/requests/${r.id}`;
  const title = t[r.status]!;
  return layout({
    lang: p.lang,
    title,
    body: html`<section class="card">
      <h1>${title}</h1>
      ${numberNote(t, p.number, self)}
      <dl class="facts">
        <dt>${t.reason}</dt>
        <dd>${REASONS[p.lang][r.reason] ?? r.reason}</dd>
        <dt>${p.lang === 'ru' ? 'Дневник' : 'Diary'}</dt>
        <dd>${p.diaryName}</dd>
      </dl>
      ${r.status === 'open' ? html`<p>${t.next}: ${r.contact}. ${t.nextThen}</p>` : ''}
      ${r.status === 'resolved' && r.linkId ? html`<p>${t.linked}</p>` : ''}
      ${r.resolution ? html`<p><strong>${t.answer}:</strong> ${r.resolution}</p>` : ''}
      <p class="actions"><a class="button secondary" href="${p.back}">${t.back}</a></p>
    </section>`,
  });
}

/** Reason names for the staff page. */
export function reasonName(lang: Lang, reason: string): string {
  return REASONS[lang][reason] ?? reason;
}
