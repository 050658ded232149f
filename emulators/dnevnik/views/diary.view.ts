import type { DnevnikMembership, DnevnikPerson, DnevnikSchool } from '../dnevnik.fixture';
import type { EsiaLinkMark } from '../dnevnik.store';
import { html } from '../../shared/html';
import { page, type HeaderUser } from './layout.view';

/** What the diary's pages show about the signed-in person. */
export interface DiaryViewModel {
  header: HeaderUser;
  person: DnevnikPerson;
  school: (id: string) => DnevnikSchool | undefined;
  children: DnevnikPerson[];
}

const fullName = (p: DnevnikPerson) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
const ruDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

function roleLabel(m: DnevnikMembership): string {
  if (m.role === 'EduStudent') return m.eduGroup ? `Ученик, класс ${m.eduGroup}` : 'Ученик';
  if (m.role === 'EduParent') return 'Родитель';
  return m.position ?? 'Сотрудник';
}

/** The gateway's roles, as the diary names them. */
const GATEWAY_ROLES: Record<string, string> = {
  parent: 'Родитель',
  student: 'Ученик',
  teacher: 'Учитель',
  staff: 'Сотрудник',
};

/**
 * The diary home «Дневник»: name, schools with class or position, and a parent's children; after a sign-in
 * through the gateway, the organization and role chosen there.
 */
export function diaryHomePage(
  model: DiaryViewModel,
  viaEsia: boolean,
  chosen: { organizationId: string; role: string } | null = null,
): string {
  const { person } = model;
  return page(
    'Дневник',
    html`<section class="card">
        <h1>Дневник</h1>
        <p><strong>${fullName(person)}</strong></p>
        ${viaEsia ? html`<p class="success">Вы вошли через портал госуслуг.</p>` : ''}
        ${
          chosen
            ? html`<p class="chosen">
                Вы вошли как: ${GATEWAY_ROLES[chosen.role] ?? chosen.role},
                ${model.school(chosen.organizationId)?.name ?? chosen.organizationId}
              </p>`
            : ''
        }
        <ul class="plain">
          ${person.memberships.map(
            (m) => html`<li>${model.school(m.school)?.name ?? ''} — ${roleLabel(m)}</li>`,
          )}
        </ul>
      </section>
      ${
        model.children.length > 0
          ? html`<section class="card">
              <h2>Дети</h2>
              <ul class="plain">
                ${model.children.map((child) => {
                  const study = child.memberships.find((m) => m.role === 'EduStudent');
                  return html`<li>
                    ${child.lastName} ${child.firstName}
                    ${study ? html`— ${model.school(study.school)?.name ?? ''}, класс ${study.eduGroup ?? ''}` : ''}
                  </li>`;
                })}
              </ul>
            </section>`
          : ''
      }`,
    model.header,
  );
}

/** «Личные настройки»: the account's data and «Привязать учетную запись портала госуслуг». */
export function settingsPage(
  model: DiaryViewModel,
  input: { link: EsiaLinkMark | null; gatewayConfigured: boolean; error?: string },
): string {
  const { person } = model;
  return page(
    'Личные настройки',
    html`<section class="card">
        <h1>Личные настройки</h1>
        <dl>
          <dt>Фамилия</dt>
          <dd>${person.lastName}</dd>
          <dt>Имя</dt>
          <dd>${person.firstName}</dd>
          <dt>Отчество</dt>
          <dd>${person.middleName || '—'}</dd>
          <dt>Дата рождения</dt>
          <dd>${person.birthDate ? ruDate(person.birthDate) : 'не указана'}</dd>
          <dt>Логин</dt>
          <dd>${person.login ?? ''}</dd>
        </dl>
      </section>
      <section class="card">
        <h2>Портал госуслуг</h2>
        ${input.error ? html`<p class="alert" role="alert">${input.error}</p>` : ''}
        ${
          input.link
            ? html`<p class="success">
                Учётная запись портала госуслуг привязана ${ruDate(input.link.linkedAt)}. Теперь Вы можете
                входить в Дневник.ру через портал госуслуг.
              </p>`
            : html`<p>
                Привяжите учётную запись портала госуслуг, чтобы входить в Дневник.ру через Госуслуги.
              </p>`
        }
        <form method="post" action="/settings/esia-link">
          <input type="hidden" name="csrf" value="${model.header.csrf}" />
          <button type="submit" class="esia">Привязать учетную запись портала госуслуг</button>
        </form>
        ${
          input.gatewayConfigured
            ? ''
            : html`<p class="note">
                Привязка недоступна: эмулятор запущен без шлюза ЕСИА (задайте DNEVNIK_EMULATOR_GATEWAY_URL).
              </p>`
        }
      </section>`,
    model.header,
  );
}

/** Where the gateway sends the browser back after a successful link. */
export function linkedPage(header: HeaderUser | null, outcome: 'linked' | 'removed' = 'linked'): string {
  const [title, text] =
    outcome === 'linked'
      ? ['Учётная запись привязана', 'Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг']
      : ['Учётная запись отвязана', 'Учётная запись портала госуслуг отвязана от Дневник.ру.'];
  return page(
    title,
    html`<section class="card narrow">
      <h1>${title}</h1>
      <p class="success">${text}</p>
      <a class="button primary" href="/userfeed">Перейти в Дневник.ру</a>
    </section>`,
    header,
  );
}
