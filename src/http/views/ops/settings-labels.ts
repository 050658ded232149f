import type { PolicySettings } from '../../../core/policy-settings';
import { dateRu, MODE_LABELS, ROLE_LABELS, RULE_LABELS, zoneName } from './ru';

/** Each policy setting in the operators' words, in the order the console lists them. */
export const SETTING_LABELS: Readonly<Record<keyof PolicySettings, string>> = {
  mode: 'Режим',
  timeZone: 'Часовой пояс',
  announceDate: 'Дата оповещения',
  cutoverDate: 'Дата перехода',
  warnDays: 'Дней информационного окна',
  minimumAge: 'С какого возраста',
  roles: 'Кого касается',
  unknownBirthDateRule: 'Если дата рождения неизвестна',
};

/** A setting's value in Russian: labels for modes, rules and roles, dates as 01.12.2026, zones by city. */
export function settingValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (key) {
    case 'mode':
      return MODE_LABELS[value as keyof typeof MODE_LABELS] ?? '—';
    case 'unknownBirthDateRule':
      return RULE_LABELS[value as keyof typeof RULE_LABELS] ?? '—';
    case 'roles':
      return Array.isArray(value)
        ? value.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? '—').join(', ') || '—'
        : '—';
    case 'timeZone':
      return zoneName(String(value));
    case 'announceDate':
    case 'cutoverDate':
      return dateRu(String(value));
    default:
      return String(value);
  }
}

/** Each problem a policy can have, by its stable code, in Russian (the core's own messages are English). */
const PROBLEM_TEXTS: Readonly<Record<string, string>> = {
  invalid_instant: 'укажите дату и время',
  bypass_ends_before_start: 'обход должен закончиться позже, чем начался',
  reason_required: 'укажите причину',
  unknown_time_zone: 'выберите часовой пояс из списка',
  unknown_mode: 'выберите режим из списка',
  invalid_date: 'такой даты нет в календаре',
  cutover_date_required: 'для всех режимов, кроме «выключено», нужна дата перехода',
  cutover_before_announce: 'дата перехода не может быть раньше даты оповещения',
  out_of_range: 'число вне допустимых пределов',
  roles_required: 'выберите хотя бы одну группу пользователей',
  unknown_role: 'выберите группы пользователей из списка',
  duplicate_role: 'каждая группа выбирается один раз',
  unknown_rule: 'выберите правило из списка',
};

/** A problem in Russian: what is wrong with which setting. */
export const problemText = (code: string) => PROBLEM_TEXTS[code] ?? 'значение не подходит';
