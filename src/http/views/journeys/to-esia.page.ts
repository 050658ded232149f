import type { Lang } from '../layout';
import { onwardPage, type Texts } from './page';

const TEXT: Texts<{ title: string; lead: string; go: string }> = {
  ru: {
    title: 'Переход на портал Госуслуг',
    lead: 'Открываем страницу входа портала Госуслуг…',
    go: 'Продолжить',
  },
  en: { title: 'Going to Gosuslugi', lead: 'Opening the Gosuslugi sign-in page…', go: 'Continue' },
};

/**
 * The step on to ESIA when the diary has already shown its own notice: it goes on by itself (meta refresh), so
 * the person sees one notice, not two. A page rather than a redirect because the diary's form started the chain
 * and Chromium would check every redirect of it against the diary's CSP form-action (see onwardPage).
 */
export function toEsiaPage(p: { lang: Lang; url: string }): string {
  return onwardPage(p.lang, p.url, TEXT[p.lang]);
}
