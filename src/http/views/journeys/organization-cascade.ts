import type { OrganizationChoice, OrganizationLevel } from '../../../../adapters/contract';
import { html, type Html } from '../html';
import type { Lang } from '../layout';
import type { Texts } from './page';

/** One level of the organization cascade as a form shows it: its options and what is chosen. */
export interface CascadeLevel {
  readonly level: OrganizationLevel;
  /** The form field carrying the choice. */
  readonly field: string;
  readonly options: readonly OrganizationChoice[];
  readonly value: string;
}

const LABEL: Texts<Record<OrganizationLevel, string>> = {
  ru: {
    municipality: 'Муниципальное образование',
    settlement: 'Город/село',
    type: 'Тип ОО',
    organization: 'Образовательная организация',
  },
  en: {
    municipality: 'Municipality',
    settlement: 'Town or village',
    type: 'Type of organization',
    organization: 'School',
  },
};
const ANY: Texts<string> = { ru: 'Все', en: 'Any' };
const CHOOSE: Texts<string> = { ru: 'Выбрать', en: 'Choose' };

function select(lang: Lang, l: CascadeLevel): Html {
  return html`<label
    >${LABEL[lang][l.level]}
    <select name="${l.field}">
      <option value="">${l.level === 'settlement' ? ANY[lang] : '—'}</option>
      ${l.options.map(
        (o) => html`<option value="${o.id}" ${o.id === l.value ? html`selected` : ''}>${o.name}</option>`,
      )}
    </select></label
  >`;
}

/**
 * The levels above the organization as a GET form: choosing and pressing «Выбрать» reloads the page with the
 * next level filled in, so the cascade works without JavaScript. `keep` are the hidden fields to carry along.
 */
export function cascadeSelectors(
  lang: Lang,
  action: string,
  levels: readonly CascadeLevel[],
  keep: Record<string, string>,
): Html | '' {
  const upper = levels.filter((l) => l.level !== 'organization');
  if (!upper.length) return '';
  return html`<form method="get" action="${action}" class="cascade">
    ${Object.entries(keep).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    ${upper.map((l) => select(lang, l))}
    <p class="actions"><button type="submit" class="secondary">${CHOOSE[lang]}</button></p>
  </form>`;
}

/** Inside the password form: the upper choices as hidden fields and the organization itself as a select. */
export function cascadeOrganizationField(lang: Lang, levels: readonly CascadeLevel[]): Html {
  const organization = levels.find((l) => l.level === 'organization');
  return html`${levels
    .filter((l) => l.level !== 'organization' && l.value)
    .map((l) => html`<input type="hidden" name="${l.field}" value="${l.value}" />`)}
  ${organization ? select(lang, organization) : ''}`;
}
