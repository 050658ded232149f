import { html } from './html';
import { layout, type Lang } from './layout';

const TEXT = {
  ru: {
    title: 'Не получилось',
    reference: 'Код обращения в поддержку',
    back: 'На главную',
    diary: 'Вернуться в дневник',
  },
  en: {
    title: 'Something went wrong',
    reference: 'Support reference',
    back: 'Home',
    diary: 'Back to the diary',
  },
};

/**
 * The one error page: what happened and what to do, plus the reference that support can look up in logs.
 * Within a diary's interaction the way out is «Вернуться в дневник», which ends it (the diary hears so).
 */
export function errorPage(input: {
  lang: Lang;
  status: number;
  message: string;
  reference: string;
  interaction?: string;
}): string {
  const t = TEXT[input.lang];
  return layout({
    lang: input.lang,
    title: t.title,
    body: html`<section class="card" role="alert">
      <h1>${t.title}</h1>
      <p class="message">${input.message}</p>
      <p class="reference">${t.reference}: <code>${input.reference}</code></p>
      <p>
        ${
          input.interaction
            ? html`<a class="button" href="/interaction/${input.interaction}/back">${t.diary}</a>`
            : html`<a class="button" href="/">${t.back}</a>`
        }
      </p>
    </section>`,
  });
}
