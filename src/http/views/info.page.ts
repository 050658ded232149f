import { formatEsiaDate, parseIsoDate } from '../../core/local-date';
import { html } from './html';
import { layout, type Lang } from './layout';

/** What the information window shows (the same facts a password decision carries to the vendor). */
export interface InfoFacts {
  readonly diaryName: string;
  readonly regionName: string;
  readonly cutoverDate: string | null;
  readonly daysLeft: number | null;
  readonly closed: boolean;
  readonly minimumAge: number;
  readonly esiaSignInUrl: string;
  readonly linkUrl: string;
}

const TEXT = {
  ru: {
    title: 'Переход на вход через Госуслуги',
    none: 'Вход по паролю в этом дневнике пока не ограничен.',
    closed: (d: string, age: number) => `С ${d} вход по паролю закрыт для пользователей ${age} лет и старше.`,
    upcoming: (d: string, age: number, left: number) =>
      `С ${d} вход по паролю будет закрыт для пользователей ${age} лет и старше (осталось дней: ${left}).`,
    how: 'Привяжите учётную запись портала Госуслуг в персональных настройках дневника и входите через Госуслуги.',
    link: 'Привязать учетную запись портала Госуслуг',
    signIn: 'Войти через Госуслуги',
  },
  en: {
    title: 'Moving to sign-in with Gosuslugi',
    none: 'Password sign-in to this diary is not restricted yet.',
    closed: (d: string, age: number) =>
      `Since ${d} password sign-in is closed to users aged ${age} and over.`,
    upcoming: (d: string, age: number, left: number) =>
      `From ${d} password sign-in closes for users aged ${age} and over (${left} days left).`,
    how: 'Link your Gosuslugi account on the personal settings page of the diary and sign in with Gosuslugi.',
    link: 'Link the Gosuslugi account',
    signIn: 'Sign in with Gosuslugi',
  },
};

/** `/info?instance=…`: the cutover date, the days left and the two ways forward, for people. */
export function infoPage(lang: Lang, f: InfoFacts): string {
  const t = TEXT[lang];
  const parsed = f.cutoverDate ? parseIsoDate(f.cutoverDate) : null;
  const date = parsed ? formatEsiaDate(parsed) : null;
  const status = !date
    ? t.none
    : f.closed
      ? t.closed(date, f.minimumAge)
      : t.upcoming(date, f.minimumAge, f.daysLeft ?? 0);
  return layout({
    lang,
    title: t.title,
    body: html`<section class="card">
      <h1>${t.title}</h1>
      <p class="muted">${f.diaryName} · ${f.regionName}</p>
      <p>${status}</p>
      ${date ? html`<p>${t.how}</p>` : ''}
      <p>
        <a class="button" href="${f.esiaSignInUrl}">${t.signIn}</a>
        <a class="button secondary" href="${f.linkUrl}">${t.link}</a>
      </p>
    </section>`,
  });
}
