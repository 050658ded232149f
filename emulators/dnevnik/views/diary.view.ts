import type { DnevnikMembership, DnevnikPerson, DnevnikSchool } from '../dnevnik.fixture';
import type { EsiaLinkMark } from '../dnevnik.store';
import { html } from '../../shared/html';
import { fieldList, gosuslugiCard, postButton } from '../../shared/page-parts.view';
import { page, type HeaderUser } from './layout.view';

const LINK_BUTTON = { className: 'esia', label: 'Привязать учетную запись портала госуслуг' };

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
  if (m.role === 'EduSchoolAdministrator') return 'Администратор школы';
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
/** How the person got in, as the diary tells them. */
const SIGNED_IN_BY: Record<SignInMethod, string> = {
  password: 'Вы вошли по логину и паролю Дневник.ру.',
  esia: 'Вы вошли через портал госуслуг.',
  'gateway-password': 'Вы вошли по логину и паролю Дневник.ру на странице входа через Госуслуги.',
};

export type SignInMethod = 'password' | 'esia' | 'gateway-password';

/**
 * The diary home «Дневник»: name, how the person signed in, schools with class or position, and a parent's
 * children. After a sign-in through the gateway's chooser, only the organization and role chosen there: the
 * other memberships and the children of other schools stay out of this session.
 */
export function diaryHomePage(
  model: DiaryViewModel,
  via: SignInMethod | null,
  chosen: { organizationId: string; role: string } | null = null,
): string {
  const { person } = model;
  const inChosen = (schoolId: string | undefined) => !chosen || schoolId === chosen.organizationId;
  const memberships = person.memberships.filter((m) => inChosen(m.school));
  const children = model.children.filter((child) =>
    inChosen(child.memberships.find((m) => m.role === 'EduStudent')?.school),
  );
  return page(
    'Дневник',
    html`<section class="card">
        <h1>Дневник</h1>
        <p><strong>${fullName(person)}</strong></p>
        ${via ? html`<p class="success signed-in-by">${SIGNED_IN_BY[via]}</p>` : ''}
        ${
          chosen
            ? html`<p class="chosen">
                Вы вошли как: ${GATEWAY_ROLES[chosen.role] ?? chosen.role},
                ${model.school(chosen.organizationId)?.name ?? chosen.organizationId}
              </p>`
            : ''
        }
        <ul class="plain">
          ${memberships.map((m) => html`<li>${model.school(m.school)?.name ?? ''} — ${roleLabel(m)}</li>`)}
        </ul>
      </section>
      ${
        children.length > 0
          ? html`<section class="card">
              <h2>Дети</h2>
              <ul class="plain">
                ${children.map((child) => {
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
        ${fieldList([
          ['Фамилия', person.lastName],
          ['Имя', person.firstName],
          ['Отчество', person.middleName || '—'],
          ['Дата рождения', person.birthDate ? ruDate(person.birthDate) : 'не указана'],
          ['Логин', person.login ?? ''],
        ])}
      </section>
      ${gosuslugiCard(
        input.error,
        html`${
          input.link
            ? html`<p class="success">
                Учётная запись портала госуслуг привязана ${ruDate(input.link.linkedAt)}. Теперь Вы можете
                входить в Дневник.ру через портал госуслуг.
              </p>`
            : html`<p>
                Привяжите учётную запись портала госуслуг, чтобы входить в Дневник.ру через Госуслуги.
              </p>`
        }
        ${postButton('/settings/esia-link', model.header.csrf, LINK_BUTTON)}
        ${
          input.gatewayConfigured
            ? ''
            : html`<p class="note">
                Привязка недоступна: эмулятор запущен без шлюза ЕСИА (задайте DNEVNIK_EMULATOR_GATEWAY_URL).
              </p>`
        }`,
      )}`,
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

/**
 * The information window (seed 004) after a password sign-in in the weeks before the region's date: what
 * changes and when, «Привязать учетную запись портала госуслуг» now, or «Продолжить» into the diary.
 */
export function informationWindowPage(
  header: HeaderUser,
  notice: { message: string; cutoverDate: string | null; daysLeft: number | null; linked: boolean },
): string {
  return page(
    'Вход через Госуслуги',
    html`<section class="card narrow">
      <h1>Скоро вход только через Госуслуги</h1>
      <p class="alert" role="alert">${notice.message}</p>
      ${notice.linked ? '' : postButton('/settings/esia-link', header.csrf, LINK_BUTTON)}
      <a class="button secondary" href="/userfeed">Продолжить</a>
    </section>`,
    header,
  );
}
