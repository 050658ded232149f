import type { PolicyMode, Role, UnknownBirthDateRule } from '../../../core/policy';
import type { OperatorRole } from '../../../store/entities/operator.entity';

/**
 * The console's Russian: labels for every mode, rule and role, plural forms through Intl.PluralRules, dates as
 * people write them (01.12.2026) and times in the region's zone. Nothing here is shown in English.
 */
const plurals = new Intl.PluralRules('ru-RU');

/** `n` with the right form: plural(3, ['день', 'дня', 'дней']) → «3 дня». */
export function plural(n: number, forms: readonly [one: string, few: string, many: string]): string {
  const category = plurals.select(n);
  const form =
    category === 'one' ? forms[0] : category === 'few' ? forms[1] : category === 'many' ? forms[2] : forms[1];
  return `${new Intl.NumberFormat('ru-RU').format(n)} ${form}`;
}

export const DAYS = ['день', 'дня', 'дней'] as const;

/** A local date `YYYY-MM-DD` as `DD.MM.YYYY` («—» when there is none). */
export function dateRu(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '—';
}

const ZONES: Record<string, string> = {
  'Europe/Kaliningrad': 'Калининград',
  'Europe/Moscow': 'Москва',
  'Europe/Simferopol': 'Симферополь',
  'Europe/Kirov': 'Киров',
  'Europe/Volgograd': 'Волгоград',
  'Europe/Samara': 'Самара',
  'Europe/Astrakhan': 'Астрахань',
  'Europe/Saratov': 'Саратов',
  'Europe/Ulyanovsk': 'Ульяновск',
  'Asia/Yekaterinburg': 'Екатеринбург',
  'Asia/Omsk': 'Омск',
  'Asia/Novosibirsk': 'Новосибирск',
  'Asia/Barnaul': 'Барнаул',
  'Asia/Tomsk': 'Томск',
  'Asia/Novokuznetsk': 'Новокузнецк',
  'Asia/Krasnoyarsk': 'Красноярск',
  'Asia/Irkutsk': 'Иркутск',
  'Asia/Chita': 'Чита',
  'Asia/Yakutsk': 'Якутск',
  'Asia/Khandyga': 'Хандыга',
  'Asia/Vladivostok': 'Владивосток',
  'Asia/Ust-Nera': 'Усть-Нера',
  'Asia/Magadan': 'Магадан',
  'Asia/Sakhalin': 'Сахалин',
  'Asia/Srednekolymsk': 'Среднеколымск',
  'Asia/Kamchatka': 'Камчатка',
  'Asia/Anadyr': 'Анадырь',
};

/** The UTC offset of `timeZone` at `at`, as «UTC+5». */
function offsetOf(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return (part ?? 'GMT').replace('GMT', 'UTC').replace(/^UTC$/, 'UTC+0');
}

/** A time zone in words: «Екатеринбург (UTC+5)»; a name that is no zone (a typo in a form) says so. */
export function zoneName(timeZone: string, at = new Date()): string {
  try {
    return `${ZONES[timeZone] ?? 'часовой пояс'} (${offsetOf(timeZone, at)})`;
  } catch {
    return 'неизвестный часовой пояс';
  }
}

/** An instant as `DD.MM.YYYY, ЧЧ:ММ` in `timeZone` («—» when there is none). */
export function when(at: Date | string | null | undefined, timeZone: string): string {
  if (!at) return '—';
  const parts = new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${v('day')}.${v('month')}.${v('year')}, ${v('hour')}:${v('minute')}`;
}

/** An instant with its zone named: «07.12.2026, 15:40 (Екатеринбург)». */
export const whenIn = (at: Date | string | null | undefined, timeZone: string) =>
  at ? `${when(at, timeZone)} (${ZONES[timeZone] ?? zoneName(timeZone, new Date(at))})` : '—';

/** Days to the cutover in words: «через 3 дня», «переход сегодня», «переход состоялся 6 дней назад». */
export function countdown(daysLeft: number | null): string {
  if (daysLeft === null) return 'дата перехода не назначена';
  if (daysLeft === 0) return 'переход сегодня';
  return daysLeft > 0
    ? `через ${plural(daysLeft, DAYS)}`
    : `переход состоялся ${plural(-daysLeft, DAYS)} назад`;
}

export const MODE_LABELS: Readonly<Record<PolicyMode, string>> = {
  off: 'выключено',
  announce: 'оповещение',
  shadow: 'теневой режим (отказы только считаются)',
  enforce: 'вход по паролю закрывается',
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  student: 'ученики',
  parent: 'родители',
  teacher: 'учителя',
  staff: 'сотрудники школ',
};

export const RULE_LABELS: Readonly<Record<UnknownBirthDateRule, string>> = {
  deny: 'отказывать ученикам',
  allow: 'пускать',
};

export const OPERATOR_ROLE_LABELS: Readonly<Record<OperatorRole, string>> = {
  editor: 'редактор',
  viewer: 'наблюдатель',
};

/**
 * Who made a change, without technical ids: «Волков Сергей Николаевич (демо) (esia 1000300009)» → the name,
 * `token:ot_…` → «токен API операторов», `cli:root` → «командная строка (root)».
 */
export function actorName(actor: string): string {
  if (actor.startsWith('token:')) return 'токен API операторов';
  if (actor.startsWith('cli:')) return 'командная строка на сервере';
  if (actor.startsWith('bootstrap')) return 'файлы настроек (при запуске шлюза)';
  if (actor === 'demo-seed') return 'демонстрационные данные';
  const name = actor.replace(/\s*\(esia [^)]*\)\s*$/, '');
  return /[А-Яа-яЁё]/.test(name) ? name : 'система';
}
