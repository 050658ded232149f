import { requestNumber, type AccessRequest } from '../../../store/access-requests.repository';
import { html } from '../html';
import type { Lang } from '../layout';
import { reasonName } from './access-request.page';
import { roleName } from './login.page';
import { card, csrfField, type Texts } from './page';

const TEXT: Texts<Record<string, string>> = {
  ru: {
    title: 'Обращения о проблемах доступа',
    empty: 'Открытых обращений нет.',
    note: 'Ответ заявителю',
    resolve: 'Решено',
    reject: 'Отклонить',
    contact: 'Контакт',
    organization: 'Организация',
  },
  en: {
    title: 'Access problem requests',
    empty: 'No open requests.',
    note: 'Answer to the requester',
    resolve: 'Resolved',
    reject: 'Reject',
    contact: 'Contact',
    organization: 'Organization',
  },
};

/** The school's open queue: each request with its contact and a resolve/reject form (POST with CSRF). */
export function staffQueuePage(p: {
  lang: Lang;
  csrf: string;
  diaryName: string;
  requests: readonly AccessRequest[];
}): string {
  const t = TEXT[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p class="muted">${p.diaryName}</p>
      ${p.requests.length ? '' : html`<p>${t.empty}</p>`}
      ${p.requests.map(
        (r) =>
          html`<article class="request">
            <h2>${requestNumber(r) ?? ''} · ${r.createdBy ?? ''} — ${roleName(p.lang, r.role)}</h2>
            <p>${reasonName(p.lang, r.reason)}; ${t.organization}: ${r.organizationId}</p>
            <p>${r.message}</p>
            <p>${t.contact}: ${r.contact}</p>
            <form method="post" action="/staff/requests/${r.id}">
              ${csrfField(p.csrf)}
              <label>${t.note} <textarea name="note" rows="2" required maxlength="2000"></textarea></label>
              <p class="actions">
                <button type="submit" name="decision" value="resolve">${t.resolve}</button>
                <button type="submit" name="decision" value="reject" class="secondary">${t.reject}</button>
              </p>
            </form>
          </article>`,
      )}`,
  );
}
