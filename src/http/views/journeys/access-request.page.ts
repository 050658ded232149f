import type { AccessRequest } from '../../../store/access-requests.repository';
import { html } from '../html';
import type { Lang } from '../layout';
import { roleName } from './login.page';
import { card, csrfField, type Texts } from './page';

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

const TEXT: Texts<Record<string, string>> = {
  ru: {
    title: 'Обращение о проблеме доступа',
    lead: 'Обращение попадет к ответственному сотруднику образовательной организации, который внесет недостающие данные в электронный журнал/дневник.',
    person: 'Заявитель',
    organization: 'Организация',
    other: 'Другая (укажите ниже)',
    otherName: 'Название организации, если её нет в списке',
    role: 'Кем вы являетесь в организации',
    reason: 'Проблема',
    message: 'Опишите проблему',
    contact: 'Как с вами связаться (телефон или электронная почта)',
    send: 'Отправить обращение',
    status: 'Состояние',
    open: 'Обращение принято и ожидает рассмотрения сотрудником организации.',
    resolved: 'Заявка рассмотрена: проблема решена.',
    rejected: 'Заявка рассмотрена и отклонена.',
    linked: 'Теперь вы можете входить через Госуслуги.',
    answer: 'Ответ организации',
    sent: 'Обращение',
    keep: 'Сохраните адрес этой страницы: здесь появится ответ организации.',
  },
  en: {
    title: 'Access problem request',
    lead: 'The request goes to the responsible school staff member, who adds the missing data to the e-diary.',
    person: 'Requester',
    organization: 'Organization',
    other: 'Other (type it below)',
    otherName: 'Organization name, if not listed',
    role: 'Your role in the organization',
    reason: 'Problem',
    message: 'Describe the problem',
    contact: 'How to reach you (phone or e-mail)',
    send: 'Send the request',
    status: 'Status',
    open: 'The request is received and waits for the school staff.',
    resolved: 'The request is resolved.',
    rejected: 'The request was considered and rejected.',
    linked: 'You can now sign in through Gosuslugi.',
    answer: 'Answer of the organization',
    sent: 'Request',
    keep: 'Keep the address of this page: the answer appears here.',
  },
};

/** The form of flow D: person from ESIA, organization from the vendor's list or free text, role, reason, message, contact. */
export function accessRequestFormPage(p: {
  lang: Lang;
  csrf: string;
  personName: string;
  reason: string;
  organizations: ReadonlyArray<{ id: string; name: string }>;
}): string {
  const t = TEXT[p.lang];
  const reasons = REASONS[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p>${t.lead}</p>
      <form method="post" action="/requests/new">
        ${csrfField(p.csrf)}
        <p><strong>${t.person}:</strong> ${p.personName}</p>
        <label
          >${t.reason}
          <select name="reason">
            ${Object.entries(reasons).map(([v, label]) => html`<option value="${v}" ${v === p.reason ? html`selected` : ''}>${label}</option>`)}
          </select></label
        >
        <label
          >${t.organization}
          <select name="organizationId">
            ${p.organizations.map((o) => html`<option value="${o.id}">${o.name}</option>`)}
            <option value="other">${t.other}</option>
          </select></label
        >
        <label>${t.otherName} <input name="organizationName" maxlength="200" /></label>
        <label
          >${t.role}
          <select name="role">
            ${['parent', 'student', 'teacher', 'staff'].map((r) => html`<option value="${r}">${roleName(p.lang, r)}</option>`)}
          </select></label
        >
        <label>${t.message} <textarea name="message" rows="4" maxlength="2000"></textarea></label>
        <label
          >${t.contact} <input name="contact" required minlength="3" maxlength="200" autocomplete="email"
        /></label>
        <p class="actions"><button type="submit">${t.send}</button></p>
      </form>`,
  );
}

/** What the requester sees at /requests/:id. */
export function accessRequestPage(p: { lang: Lang; request: AccessRequest }): string {
  const t = TEXT[p.lang];
  const r = p.request;
  return card(
    p.lang,
    `${t.sent}: ${REASONS[p.lang][r.reason] ?? r.reason}`,
    html`<p><strong>${t.status}:</strong> ${t[r.status]}</p>
      ${r.status === 'resolved' && r.linkId ? html`<p>${t.linked}</p>` : ''}
      ${r.resolution ? html`<p><strong>${t.answer}:</strong> ${r.resolution}</p>` : ''}
      ${r.status === 'open' ? html`<p class="hint">${t.keep}</p>` : ''}`,
  );
}

/** Reason names for the staff page. */
export function reasonName(lang: Lang, reason: string): string {
  return REASONS[lang][reason] ?? reason;
}
