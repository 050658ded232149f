import { fillRetention, LEGAL_BASES, tableEntry } from '../personal-data-map';
import type { ErasureResult, PersonExport, PersonQuery } from './person-data.service';

const METHODS: Record<string, string> = {
  'settings-page': 'из настроек дневника',
  'diary-password': 'с паролем дневника',
  'snils-match': 'по СНИЛС из записи школы',
  operator: 'сотрудником школы по обращению',
};
const STATUSES: Record<string, string> = { open: 'открыто', resolved: 'решено', rejected: 'отклонено' };
const REASONS: Record<string, string> = {
  organization_missing: 'нет нужной организации',
  profile_missing: 'нет профиля',
  data_mismatch: 'данные не совпадают',
};
const ROLES: Record<string, string> = {
  student: 'учащийся',
  parent: 'родитель',
  teacher: 'учитель',
  staff: 'сотрудник',
};
const OPERATOR_ROLES: Record<string, string> = { viewer: 'наблюдатель', editor: 'редактор' };
const TOPICS: Record<string, string> = {
  'link.created': 'о привязке',
  'link.revoked': 'об отвязке',
  'access_request.created': 'об обращении',
};

/** A date and time as the summary prints it (Moscow time, as the ministry's letters do). */
function when(at: Date | string | null): string {
  if (!at) return '—';
  const text = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(at));
  return `${text} МСК`;
}

/** Whom the request is about, in words. */
export function subjectOf(query: PersonQuery): string {
  return 'esiaOid' in query
    ? `учётная запись портала Госуслуг (ЕСИА) ${query.esiaOid}`
    : `учётная запись ${query.userId} в дневнике ${query.instanceId}`;
}

/** What the map says of a table: purpose, legal basis and retention, with the configured days. */
function about(table: string, days: Record<string, number>): string[] {
  const t = tableEntry(table);
  if (!t?.purpose) return [];
  return [
    `  Цель: ${t.purpose.ru}.`,
    `  Основание: ${t.basis.map((b) => LEGAL_BASES[b].ru).join('; ')}.`,
    `  Срок хранения: ${fillRetention(t.retention?.ru ?? '—', days)}.`,
  ];
}

/**
 * The export as a letter a person can read (152-FZ art. 14 part 7): what is held, in which diary, since when,
 * why, on which basis and for how long; and what is not held.
 */
export function exportSummary(e: PersonExport): string {
  const days = {
    RETENTION_ACCESS_REQUEST_DAYS: e.periods.accessRequestDays,
    RETENTION_OUTBOX_DAYS: e.periods.outboxDays,
    RETENTION_REVOKED_LINK_DAYS: e.periods.revokedLinkDays,
    RETENTION_EXEMPTION_DAYS: e.periods.exemptionDays,
  };
  const diary = (id: string) => (e.instances[id] ? `«${e.instances[id]!.name}» (${id})` : id);
  const section = (title: string, lines: string[], table: string) =>
    lines.length
      ? [`${title}: ${lines.length}`, ...lines.map((l) => `  — ${l}`), ...about(table, days)]
      : [`${title}: нет`];
  const lines = [
    `Сведения о персональных данных: ${subjectOf(e.query)}`,
    `Составлено ${when(e.generatedAt)} по данным регионов ${e.regions.join(', ') || '—'}.`,
    '',
    ...section(
      'Привязки к дневникам',
      e.links.map(
        (l) =>
          `${diary(l.instanceId)}, учётная запись ${l.legacyUserId}, ЕСИА ${l.esiaOid}: привязана ${when(l.linkedAt)} ` +
          `${METHODS[l.method] ?? l.method}; ${l.revokedAt ? `отвязана ${when(l.revokedAt)}` : 'действует'}`,
      ),
      'links',
    ),
    ...section(
      'События привязок',
      e.linkEvents.map((ev) => `${when(ev.at)}: ${ev.kind} в дневнике ${diary(ev.instanceId)}`),
      'link_events',
    ),
    ...section(
      'Обращения в организацию',
      e.accessRequests.map(
        (r) =>
          `${when(r.createdAt)}, ${diary(r.instanceId)}, организация ${r.organizationId}, роль «${ROLES[r.role] ?? r.role}», ` +
          `«${REASONS[r.reason] ?? r.reason}», ${STATUSES[r.status] ?? r.status}; от имени: ${r.name ?? '—'}; ` +
          `сообщение: «${r.message}»; контакт: ${r.contact}` +
          (r.resolution ? `; ответ: «${r.resolution}»` : '') +
          (r.heldByDiary ? '; копия передана в систему дневника' : ''),
      ),
      'access_requests',
    ),
    ...section(
      'Исключения (вход по паролю сохранён)',
      e.exemptions.map(
        (x) =>
          `${diary(x.instanceId)}, учётная запись ${x.legacyUserId}: с ${when(x.createdAt)}` +
          `${x.expiresAt ? ` до ${when(x.expiresAt)}` : ''}${x.revokedAt ? `, отозвано ${when(x.revokedAt)}` : ''}; ` +
          `причина: «${x.reason}»`,
      ),
      'exemptions',
    ),
    ...section(
      'Уведомления дневникам',
      e.notices.map(
        (n) =>
          `${when(n.createdAt)}: ${TOPICS[n.topic] ?? n.topic} для ${diary(n.instanceId)}, ` +
          (n.deliveredAt ? `доставлено ${when(n.deliveredAt)}` : 'ещё не доставлено'),
      ),
      'outbox',
    ),
    e.sharedStore.length
      ? `Сеансы и одноразовые записи в общем хранилище: ${e.sharedStore.length} (истекают сами: ` +
        `${e.sharedStore.map((r) => when(r.expiresAt)).join(', ')})`
      : 'Сеансы и одноразовые записи в общем хранилище: нет',
    e.operator
      ? `Оператор консоли: ${e.operator.displayName}, роль «${OPERATOR_ROLES[e.operator.role] ?? e.operator.role}», ` +
        `регионы ${e.operator.tenantIds.join(', ')}` +
        ` (служебные данные сотрудника)`
      : 'Оператор консоли: нет',
    `Обезличенные записи (идентификаторы заменены псевдонимами): привязок ${e.pseudonymised.links}, ` +
      `обращений ${e.pseudonymised.accessRequests}, исключений ${e.pseudonymised.exemptions}, ` +
      `событий ${e.pseudonymised.linkEvents}`,
    '',
    'Не хранятся: СНИЛС, дата рождения, пол, пароли дневников, токены ЕСИА, адреса и документы.',
    'Сведения, которые хранит сама система электронного дневника, предоставляет её оператор.',
  ];
  return lines.join('\n');
}

/** The erasure in words: what the act of destruction lists (kinds, counts, date, basis). */
export function erasureSummary(r: ErasureResult): string {
  return [
    `Удаление персональных данных: ${subjectOf(r.query)}`,
    `Выполнено ${when(r.at)}; основание: ${r.reason}; регионы: ${r.regions.join(', ') || '—'}.`,
    `Отозвано привязок: ${r.revokedLinks}; обезличено привязок: ${r.pseudonymisedLinks}.`,
    `Закрыто обращений: ${r.closedRequests}; удалены сообщения, контакты и ФИО в обращениях: ${r.redactedRequests}.`,
    `Отозвано исключений: ${r.revokedExemptions}; обезличено исключений: ${r.redactedExemptions}.`,
    `Обезличено событий конфликта привязки: ${r.redactedEvents}.`,
    `Удалено уведомлений дневникам: ${r.deletedNotices}; ждут доставки (удалятся после неё): ${r.pendingNotices}.`,
    `Удалено сеансов и одноразовых записей: ${r.sharedStoreRecords}.`,
    ...(r.requestsHeldByDiaries
      ? [
          `Обращений, переданных в систему дневника: ${r.requestsHeldByDiaries} — их копии удаляет оператор дневника.`,
        ]
      : []),
    ...(r.keptOperatorRecord
      ? ['Запись оператора консоли сохранена: это служебные данные сотрудника (отдельное основание).']
      : []),
    `Запись в журнале привилегированных действий: person.erased, ${r.pseudonym}.`,
  ].join('\n');
}
