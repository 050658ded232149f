import { formatEsiaDate, type LocalDate } from '../core/local-date';
import type { Decision } from '../core/policy';

/** The addresses a decision carries: where to sign in with ESIA, where to link, and the information page. */
export interface DecisionAddresses {
  readonly esiaSignInUrl: string;
  readonly linkUrl: string;
  readonly infoUrl: string;
}

/**
 * One place that knows where a decision sends the person. Sign-in and linking start at the diary itself (it is
 * the OpenID client that binds them to the browser): its page with «Войти через Госуслуги» and its personal
 * settings with «Привязать…», as its `oidc` registration names them (`signInUrl`, `settingsUrl`; the diary's
 * base URL when it names none). Only the information window is the gateway's.
 */
export function decisionAddresses(
  publicUrl: string,
  instance: { id: string; signInUrl: string; settingsUrl: string },
): DecisionAddresses {
  return {
    esiaSignInUrl: instance.signInUrl,
    linkUrl: instance.settingsUrl,
    infoUrl: `${publicUrl}/info?instance=${encodeURIComponent(instance.id)}`,
  };
}

const day = (d: LocalDate | null) => (d ? formatEsiaDate(d) : '');

/**
 * What a vendor shows the person (ru, en), or null when there is nothing to say. Shadow mode says what the
 * warning says: the person is allowed in and must not learn of a refusal that did not happen.
 */
export function decisionMessage(d: Decision, minimumAge: number): { ru: string; en: string } | null {
  const date = day(d.cutoverDate);
  const linkRu = d.linked
    ? 'Ваша учётная запись Госуслуг уже привязана: входите через Госуслуги.'
    : 'Привяжите учётную запись портала Госуслуг в персональных настройках дневника.';
  const linkEn = d.linked
    ? 'Your Gosuslugi account is already linked: sign in with Gosuslugi.'
    : 'Link your Gosuslugi account on the personal settings page of the diary.';
  switch (d.decision) {
    case 'deny':
      return {
        ru: `С ${date} вход по паролю закрыт для пользователей ${minimumAge} лет и старше. Войдите через Госуслуги.`,
        en: `Since ${date} password sign-in is closed to users aged ${minimumAge} and over. Sign in with Gosuslugi.`,
      };
    case 'warn':
    case 'shadow-deny': {
      const left =
        d.daysLeft && d.daysLeft > 0
          ? { ru: ` (осталось дней: ${d.daysLeft})`, en: ` (${d.daysLeft} days left)` }
          : { ru: '', en: '' };
      return {
        ru: `С ${date}${left.ru} вход в дневник будет возможен только через Госуслуги. ${linkRu}`,
        en: `From ${date}${left.en} the diary can only be entered through Gosuslugi. ${linkEn}`,
      };
    }
    default:
      return null;
  }
}
