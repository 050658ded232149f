import { html, type Html } from '../html';
import type { Lang } from '../layout';
import { backLink, card } from './page';

/** Why the link could not be made, each with what the person can do about it. */
export type LinkRefusal =
  | { kind: 'unconfirmed' }
  | { kind: 'no_snils' }
  | { kind: 'profile_missing' }
  | { kind: 'mismatch'; fields: Array<'snils' | 'birthDate'> }
  | { kind: 'name_mismatch' }
  | { kind: 'conflict'; conflict: 'account_linked' | 'person_linked'; requestId: string }
  | { kind: 'not_linked' }
  | { kind: 'other_person' };

const BANKS =
  'Сбербанк, Тинькофф Банк, Банк ВТБ, Почта Банк, Ак Барс Банк, Банк Санкт-Петербург, СКБ Банк, Газэнергобанк, ДелоБанк';

/** «СНИЛС и дата рождения в учетной записи Госуслуг не совпадают…», in the right number. */
function mismatchSentence(fields: ReadonlyArray<'snils' | 'birthDate'>): string {
  const names = fields.map((f) => (f === 'snils' ? 'СНИЛС' : 'дата рождения')).join(' и ');
  const verb = fields.length > 1 ? 'не совпадают' : 'не совпадает';
  const subject = `${names.charAt(0).toUpperCase()}${names.slice(1)}`;
  return `${subject} в учетной записи Госуслуг ${verb} с данными, которые внесены в электронный дневник школой.`;
}

function ru(r: LinkRefusal): { title: string; body: Html } {
  switch (r.kind) {
    case 'unconfirmed':
      return {
        title: 'Учетная запись Госуслуг не подтверждена',
        body: html`<p>
            Для входа в электронный дневник через Госуслуги нужна <strong>подтвержденная</strong> учетная
            запись портала Госуслуг, в которой указаны СНИЛС, электронная почта и мобильный телефон.
          </p>
          <p>Подтвердить учетную запись можно:</p>
          <ul>
            <li>
              онлайн, через банк: ${BANKS} (например, в Сбербанк Онлайн: «Каталог» → «Регистрация на
              Госуслугах»);
            </li>
            <li>
              лично, в МФЦ или другом центре обслуживания пользователей (адреса:
              <a href="https://esia.gosuslugi.ru/public/ra/">esia.gosuslugi.ru/public/ra</a>). С собой нужны
              паспорт и СНИЛС.
            </li>
          </ul>
          <p>
            Граждане иностранного государства могут подтвердить учетную запись только лично, в центре
            обслуживания.
          </p>
          <p>
            После подтверждения вернитесь в дневник и нажмите «Привязать учетную запись портала Госуслуг» ещё
            раз.
          </p>`,
      };
    case 'no_snils':
      return {
        title: 'В учетной записи Госуслуг нет СНИЛС',
        body: html`<p>
            Заполните профиль на портале Госуслуг: в личном кабинете нажмите «Показать все данные» и укажите
            СНИЛС и данные документа, удостоверяющего личность. Данные проходят проверку в МВД и Социальном
            фонде России; о результате придёт уведомление на электронную почту.
          </p>
          <p>После проверки вернитесь в дневник и повторите привязку.</p>`,
      };
    case 'profile_missing':
      return {
        title: 'Учетная запись дневника не найдена',
        body: html`<p>
          Электронный дневник не нашёл учетную запись, которую нужно привязать. Войдите в дневник заново и
          повторите привязку из персональных настроек.
        </p>`,
      };
    case 'mismatch':
      return {
        title: 'Данные не совпадают с данными школы',
        body: html`<p>${mismatchSentence(r.fields)}</p>
          <p>
            Персональная информация должна быть передана в школу и внесена в личное дело ученика (раздел
            «Родители / Законные представители»): ФИО, дата рождения, СНИЛС, гражданство, мобильный телефон.
          </p>
          <p><a class="button" href="/requests/new?cause=data_mismatch">Обратиться в организацию</a></p>`,
      };
    case 'name_mismatch':
      return {
        title: 'Учетная запись дневника оформлена на другого человека',
        body: html`<p>
            Фамилия и имя в учетной записи портала Госуслуг не совпадают с учетной записью электронного
            дневника, которую вы привязываете, и школа не внесла ваш СНИЛС или дату рождения, чтобы это
            проверить. Мы ничего не привязали.
          </p>
          <p>
            Проверьте, что в дневнике вы вошли под своей учетной записью: родитель — под учетной записью
            родителя, а не ребёнка. Если в дневнике ваши данные указаны неверно, обратитесь в школу.
          </p>
          <p><a class="button" href="/requests/new?cause=data_mismatch">Обратиться в организацию</a></p>`,
      };
    case 'conflict':
      return {
        title: 'Привязка невозможна',
        body: html`<p>
            ${r.conflict === 'account_linked' ? 'Эта учетная запись дневника уже привязана к другой учетной записи портала Госуслуг.' : 'Ваша учетная запись портала Госуслуг уже привязана к другой учетной записи этого дневника.'}
          </p>
          <p>
            Мы ничего не изменили. Обращение передано ответственному сотруднику образовательной организации:
            он проверит данные и свяжется с вами.
          </p>
          <p><a class="button" href="/requests/${r.requestId}">Посмотреть обращение</a></p>`,
      };
    case 'not_linked':
      return {
        title: 'Учетная запись не привязана',
        body: html`<p>
          Эта учетная запись дневника не привязана к учетной записи портала Госуслуг: отвязывать нечего.
        </p>`,
      };
    case 'other_person':
      return {
        title: 'Отвязка невозможна',
        body: html`<p>
          Учетная запись дневника привязана к другой учетной записи портала Госуслуг. Войдите на Госуслуги под
          той учетной записью, к которой привязан дневник, или обратитесь в школу.
        </p>`,
      };
  }
}

function en(r: LinkRefusal): { title: string; body: Html } {
  const simple: Record<LinkRefusal['kind'], [string, string]> = {
    unconfirmed: [
      'Your Gosuslugi account is not confirmed',
      'Confirm it online through a bank (Sberbank, Tinkoff, VTB, Pochta Bank…) or in person at an MFC or another service centre (bring your passport and SNILS); foreign citizens confirm in person only. Then link again from the diary.',
    ],
    no_snils: [
      'Your Gosuslugi account has no SNILS',
      'Add your SNILS and identity document in your Gosuslugi profile; once they are checked, link again from the diary.',
    ],
    profile_missing: [
      'Diary account not found',
      'The diary did not find the account to link. Sign in to the diary again and retry from the settings.',
    ],
    mismatch: [
      'Your data differ from the school record',
      'Your SNILS or birth date at Gosuslugi differ from what the school entered. Ask the school to correct the record.',
    ],
    name_mismatch: [
      'The diary account belongs to someone else',
      'The surname and first name at Gosuslugi differ from the diary account, and the school recorded no SNILS or birth date to check. Nothing was linked: make sure you signed in to the diary with your own account.',
    ],
    conflict: [
      'Linking is not possible',
      'This account is already linked to another one. Nothing was changed; the school staff have been asked to check.',
    ],
    not_linked: ['Not linked', 'This diary account is not linked to a Gosuslugi account.'],
    other_person: ['Unlinking is not possible', 'The diary account is linked to another Gosuslugi account.'],
  };
  const [title, text] = simple[r.kind];
  const more =
    r.kind === 'conflict'
      ? html`<p><a class="button" href="/requests/${r.requestId}">View the request</a></p>`
      : r.kind === 'mismatch' || r.kind === 'name_mismatch'
        ? html`<p>
            <a class="button" href="/requests/new?cause=data_mismatch">Contact the organization</a>
          </p>`
        : '';
  return {
    title,
    body: html`<p>${text}</p>
      ${more}`,
  };
}

/** The page for each refused check of the link and unlink journeys; «Вернуться в дневник» ends the interaction. */
export function linkRefusalPage(p: { lang: Lang; refusal: LinkRefusal; uid: string }): string {
  const { title, body } = (p.lang === 'ru' ? ru : en)(p.refusal);
  return card(
    p.lang,
    title,
    html`${body}
      <p>${backLink(p.lang, p.uid)}</p>`,
    'alert',
  );
}
