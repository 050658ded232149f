/**
 * The data map of 152-FZ (docs/personal-data.md is generated from it by `npm run personal-data:docs`): every
 * table and column of PostgreSQL and every key family of the shared store (Redis), what personal data each
 * holds, why, on which legal basis, who reads it, how it is protected and how long it is kept. A test reads the
 * live schema after all migrations and fails when a column is missing here; another keeps the document equal
 * to this file. The person's export (`ops person export`) quotes purposes, bases and retention from here.
 */

/** Russian first (the ministry's language), English for the project's engineers. */
export interface Text {
  readonly ru: string;
  readonly en: string;
}

/** The articles of Federal Law 152-FZ «О персональных данных» a ministry cites for the gateway's processing. */
export const LEGAL_BASES = {
  service: {
    ru:
      'ст. 6 ч. 1 п. 4 — предоставление государственной (муниципальной) услуги «Предоставление информации о ' +
      'текущей успеваемости учащегося, ведение электронного дневника и электронного журнала успеваемости» ' +
      '(210-ФЗ; распоряжение Правительства РФ от 17.12.2009 № 1993-р), вход в неё через ЕСИА',
    en:
      'art. 6 part 1 item 4: providing the state (municipal) service of the electronic diary (210-FZ; ' +
      'Government order 1993-r of 17.12.2009), and signing in to it through ESIA',
  },
  duty: {
    ru:
      'ст. 6 ч. 1 п. 2 — обязанности оператора по закону: меры защиты и учёт действий с персональными данными ' +
      '(ст. 18.1, 19 152-ФЗ), полномочия органа управления образованием (ст. 89, 98 273-ФЗ)',
    en:
      "art. 6 part 1 item 2: the operator's duties by law: protecting personal data and accounting for what is " +
      'done with it (arts. 18.1, 19 of 152-FZ), the education authority’s powers (arts. 89, 98 of 273-FZ)',
  },
  staff: {
    ru:
      'ст. 6 ч. 1 п. 2 — служебные (трудовые) отношения с сотрудниками министерства и школ, разграничение их ' +
      'доступа (ст. 19 152-ФЗ; ст. 86 ТК РФ)',
    en:
      "art. 6 part 1 item 2: the ministry's and schools' employment of their staff and the control of their " +
      'access (art. 19 of 152-FZ; art. 86 of the Labour Code)',
  },
} as const satisfies Record<string, Text>;

/** The name of a legal basis. */
export type LegalBasis = keyof typeof LEGAL_BASES;

/** What one column holds, in the terms of the map. */
export type ColumnKind =
  /** No personal data. */
  | 'none'
  /** An ESIA person's identifier (oid). */
  | 'esia-id'
  /** A diary account (user id of one instance), or a document naming one. */
  | 'account'
  /** A person's full name as ESIA gave it. */
  | 'name'
  /** A phone number or an e-mail address the person typed. */
  | 'contact'
  /** Free text a person or an operator wrote, which may hold personal data. */
  | 'free-text'
  /** A staff member: an operator (name and ESIA oid), a school's staff member, or the OS user of the CLI. */
  | 'staff'
  /** A secret (hashed or sealed), not personal data. */
  | 'secret';

/** How a column's personal data is protected at rest (beyond PostgreSQL's roles and the disk). */
export type Protection =
  /** Readable by whoever may read the table. */
  | 'plain'
  /** Readable until its retention ends, then replaced by a keyed-hash pseudonym (PII_HMAC_KEY). */
  | 'plain, then pseudonym'
  /** Readable until its retention ends, then removed. */
  | 'plain, then removed'
  /** Deleted with the row when its retention ends. */
  | 'plain, row deleted'
  /** SHA-256 (a high-entropy secret: no slow hash needed). */
  | 'sha256'
  /** AES-256-GCM with a key from the environment. */
  | 'aes-256-gcm';

/** One column; a column of a later issue says which. */
export interface ColumnEntry {
  readonly kind: ColumnKind;
  readonly protection?: Protection;
  /** The column is added by that migration; until then the schema test accepts its absence. */
  readonly arrivesWith?: string;
}

/** One table. `purpose`, `basis`, `readers` and `retention` are null/empty when it holds no personal data. */
export interface TableEntry {
  readonly table: string;
  readonly about: Text;
  readonly purpose: Text | null;
  readonly basis: readonly LegalBasis[];
  readonly readers: Text | null;
  /** `{VARIABLE}` stands for the configured number of days (the README's configuration table). */
  readonly retention: Text | null;
  readonly columns: Readonly<Record<string, ColumnEntry>>;
  readonly arrivesWith?: string;
}

/** One family of keys in the shared store (Redis, under REDIS_KEY_PREFIX). */
export interface KeyFamily {
  /** The key pattern after the deployment's prefix. */
  readonly pattern: string;
  readonly holds: Text;
  readonly kinds: readonly ColumnKind[];
  readonly purpose: Text | null;
  readonly basis: readonly LegalBasis[];
  /** How long a key lives. */
  readonly lifetime: Text;
  /** What `ops person erase` does about it. */
  readonly erasure: Text;
  /** The section of the map it belongs to. */
  readonly section: 'gateway' | 'provider';
  readonly arrivesWith?: string;
}

const none: ColumnEntry = { kind: 'none' };
const c = (kind: ColumnKind, protection?: Protection): ColumnEntry => ({ kind, protection });

const SIGN_IN: Text = {
  ru: 'вход в электронный дневник через Госуслуги и привязка учётной записи дневника к учётной записи ЕСИА',
  en: 'signing in to the e-diary through Gosuslugi and linking a diary account to an ESIA account',
};
const AUDIT: Text = {
  ru: 'подотчётность: кто и когда изменил привязку, политику, доступ (расследование обращений и инцидентов)',
  en: 'accountability: who changed a link, a policy or an access, and when (complaints and incidents)',
};
const KEPT_AS_AUDIT: Text = {
  ru: 'не удаляется (журнал только для добавления); срок хранения журнала определяет номенклатура дел министерства',
  en: "never deleted by the gateway (append-only); the ministry's records schedule sets how long the audit is kept",
};
/** A table whose only personal field is the staff member who made a row: kept with the record it signs. */
const STAFF_ONLY: Pick<TableEntry, 'purpose' | 'basis' | 'retention'> = {
  purpose: AUDIT,
  basis: ['staff'],
  retention: KEPT_AS_AUDIT,
};
const NO_PERSONAL_DATA: Pick<TableEntry, 'purpose' | 'basis' | 'readers' | 'retention'> = {
  purpose: null,
  basis: [],
  readers: null,
  retention: null,
};

/** Every table of PostgreSQL and every column, with what it holds. */
export const TABLES: readonly TableEntry[] = [
  {
    table: 'links',
    about: {
      ru: 'Привязки учётных записей ЕСИА к учётным записям дневников',
      en: 'Links of ESIA accounts to diary accounts',
    },
    purpose: SIGN_IN,
    basis: ['service'],
    readers: {
      ru: 'шлюз при входе; дневник — только «привязана или нет» о своей учётной записи; редактор региона — в выгрузке сведений о человеке',
      en: "the gateway at sign-in; a diary, only whether its own account is linked; a region's editor, in a person's export",
    },
    retention: {
      ru: 'пока привязка действует; после отвязки — {RETENTION_REVOKED_LINK_DAYS} дн., затем oid и учётная запись заменяются псевдонимами (строка остаётся как обезличенный журнал)',
      en: 'while the link is active; once revoked, {RETENTION_REVOKED_LINK_DAYS} days, then the oid and the account become pseudonyms (the row stays as a pseudonymised record)',
    },
    columns: {
      id: none,
      esia_issuer: none,
      esia_oid: c('esia-id', 'plain, then pseudonym'),
      instance_id: none,
      legacy_user_id: c('account', 'plain, then pseudonym'),
      method: none,
      linked_at: none,
      revoked_at: none,
      revoked_reason: none,
      pseudonymised_at: none,
    },
  },
  {
    table: 'link_events',
    about: { ru: 'Журнал событий привязок (только добавление)', en: 'Append-only log of link events' },
    purpose: AUDIT,
    basis: ['duty'],
    readers: {
      ru: 'администратор базы данных; редактор региона — в выгрузке сведений о человеке',
      en: "the database administrator; a region's editor, in a person's export",
    },
    retention: {
      ru: 'не удаляется; учётная запись в событиях конфликта через {RETENTION_REVOKED_LINK_DAYS} дн. заменяется псевдонимом (узкий путь в триггере журнала)',
      en: "never deleted; a conflict event's account becomes a pseudonym after {RETENTION_REVOKED_LINK_DAYS} days (the audit trigger's narrow path)",
    },
    columns: {
      id: none,
      link_id: none,
      instance_id: none,
      kind: none,
      actor: none,
      at: none,
      details: c('account', 'plain, then pseudonym'),
    },
  },
  {
    table: 'access_requests',
    about: { ru: 'Обращения в организацию («Нет нужной организации»)', en: 'Access requests to a school' },
    purpose: {
      ru: 'восстановление доступа к дневнику: школа связывается с заявителем и исправляет данные',
      en: 'restoring access to the diary: the school contacts the requester and fixes the records',
    },
    basis: ['service'],
    readers: {
      ru: 'сотрудники школы (очередь своей организации), дневник (передаётся через outbox), заявитель (страница обращения), редактор региона — в выгрузке',
      en: "the school's staff (their organization's queue), the diary (delivered through the outbox), the requester (the request's page), a region's editor in an export",
    },
    retention: {
      ru: 'пока обращение открыто; после решения — {RETENTION_ACCESS_REQUEST_DAYS} дн., затем сообщение, контакт, ФИО и ответ удаляются, oid заменяется псевдонимом (ст. 21 ч. 4: цель достигнута)',
      en: 'while open; once closed, {RETENTION_ACCESS_REQUEST_DAYS} days, then the message, contact, name and answer are removed and the oid becomes a pseudonym (art. 21 part 4: purpose reached)',
    },
    columns: {
      id: none,
      instance_id: none,
      organization_id: none,
      role: none,
      reason: none,
      number: none,
      message: c('free-text', 'plain, then removed'),
      contact: c('contact', 'plain, then removed'),
      esia_oid: c('esia-id', 'plain, then pseudonym'),
      status: none,
      resolution: c('free-text', 'plain, then removed'),
      created_at: none,
      created_by: c('name', 'plain, then removed'),
      resolved_at: none,
      resolved_by: c('staff'),
      esia_issuer: none,
      esia_confirmed: none,
      external_id: none,
      vendor_next_poll_at: none,
      vendor_synced_at: none,
      vendor_poll_failures: none,
      link_id: none,
      pseudonymised_at: none,
    },
  },
  {
    table: 'exemptions',
    about: {
      ru: 'Исключения: вход по паролю сохранён для учётной записи',
      en: 'Exemptions: an account keeps its password login',
    },
    purpose: {
      ru: 'переход на вход через Госуслуги без потери доступа теми, кому он пока невозможен',
      en: 'moving to Gosuslugi sign-in without locking out those who cannot use it yet',
    },
    basis: ['service'],
    readers: { ru: 'операторы региона (консоль, API)', en: "the region's operators (console, API)" },
    retention: {
      ru: 'пока действует; после окончания или отзыва — {RETENTION_EXEMPTION_DAYS} дн., затем учётная запись заменяется псевдонимом, причина удаляется (и в журнале политики); строка остаётся как журнал',
      en: 'while in force; once expired or revoked, {RETENTION_EXEMPTION_DAYS} days, then the account becomes a pseudonym and the reason is removed (in the policy log too); the row stays as a record',
    },
    columns: {
      id: none,
      tenant_id: none,
      instance_id: none,
      legacy_user_id: c('account', 'plain, then pseudonym'),
      reason: c('free-text', 'plain, then removed'),
      expires_at: none,
      created_by: c('staff'),
      created_at: none,
      revoked_at: none,
      pseudonymised_at: none,
    },
  },
  {
    table: 'outbox',
    about: {
      ru: 'Уведомления дневникам (привязка, отвязка, обращение)',
      en: 'Notices to the diaries (linked, unlinked, request)',
    },
    purpose: {
      ru: 'сообщить дневнику о привязке, отвязке и обращении (доставка с повторами)',
      en: 'telling a diary about a link, an unlink and a request (delivered with retries)',
    },
    basis: ['service'],
    readers: { ru: 'шлюз; дневник, которому адресовано', en: 'the gateway; the diary it is addressed to' },
    retention: {
      ru: 'до доставки; доставленные удаляются через {RETENTION_OUTBOX_DAYS} дн.; уведомления об удалении данных — сразу после доставки',
      en: 'until delivered; delivered rows are deleted after {RETENTION_OUTBOX_DAYS} days; the notices of an erasure right after delivery',
    },
    columns: {
      id: none,
      instance_id: none,
      topic: none,
      payload: c('account', 'plain, row deleted'),
      idempotency_key: none,
      attempts: none,
      next_attempt_at: none,
      locked_until: none,
      delivered_at: none,
      last_error: none,
      created_at: none,
      forget_on_delivery: none,
    },
  },
  {
    table: 'policy_changes',
    about: {
      ru: 'Журнал изменений политики, окон и исключений (только добавление)',
      en: 'Append-only log of policy, window and exemption changes',
    },
    purpose: AUDIT,
    basis: ['duty', 'staff'],
    readers: { ru: 'операторы региона (журнал изменений)', en: "the region's operators (the change log)" },
    retention: {
      ru: 'не удаляется; запись об исключении теряет учётную запись и причину вместе с исключением (узкий путь в триггере журнала)',
      en: "never deleted; an exemption's record loses the account and the reason with the exemption (the audit trigger's narrow path)",
    },
    columns: {
      id: none,
      policy_id: none,
      tenant_id: none,
      instance_id: none,
      changed_by: c('staff'),
      changed_at: none,
      reason: c('free-text', 'plain, then removed'),
      before: c('account', 'plain, then pseudonym'),
      after: c('account', 'plain, then pseudonym'),
    },
  },
  {
    table: 'bypass_windows',
    about: {
      ru: 'Окна обхода (сбой ЕСИА): вход по паролю разрешён всем',
      en: 'Bypass windows (an ESIA outage)',
    },
    purpose: AUDIT,
    basis: ['staff'],
    readers: { ru: 'операторы региона', en: "the region's operators" },
    retention: {
      ru: 'сведений об учащихся и родителях нет; окно хранится как журнал решения; автор — сотрудник, как в журнале',
      en: 'holds nothing about pupils or parents; kept as the record of a decision; its author is staff, as in the log',
    },
    columns: {
      id: none,
      tenant_id: none,
      instance_id: none,
      starts_at: none,
      ends_at: none,
      reason: none,
      created_by: c('staff'),
      created_at: none,
      ended_at: none,
    },
  },
  {
    table: 'admin_audit',
    about: {
      ru: 'Журнал привилегированных действий (только добавление)',
      en: 'Append-only log of privileged changes',
    },
    purpose: AUDIT,
    basis: ['duty', 'staff'],
    readers: { ru: 'операторы регионов записи; CLI', en: "the operators of the row's regions; the CLI" },
    retention: KEPT_AS_AUDIT,
    columns: {
      id: none,
      at: none,
      actor: c('staff'),
      action: none,
      target: c('staff'),
      tenant_ids: none,
      before: c('staff'),
      after: c('staff'),
    },
  },
  {
    table: 'operators',
    about: { ru: 'Операторы консоли (сотрудники министерства)', en: 'Console operators (ministry staff)' },
    purpose: {
      ru: 'допуск сотрудников к консоли по их регионам и роли',
      en: 'admitting staff to the console for their regions and role',
    },
    basis: ['staff'],
    readers: { ru: 'шлюз при входе в консоль; CLI', en: 'the gateway at console sign-in; the CLI' },
    retention: {
      ru: 'пока сотрудник — оператор; отключённая запись хранится, пока на неё ссылается журнал',
      en: 'while the person is an operator; a disabled row is kept while the audit refers to it',
    },
    columns: {
      id: none,
      esia_oid: c('staff'),
      display_name: c('staff'),
      role: none,
      tenant_ids: none,
      created_at: none,
      disabled_at: none,
    },
  },
  {
    table: 'api_credentials',
    about: { ru: 'Ключи API дневников и токены операторов', en: 'Vendor API keys and operator tokens' },
    purpose: AUDIT,
    basis: ['staff'],
    readers: {
      ru: 'шлюз (проверка подписи и токена); CLI',
      en: 'the gateway (signature and token checks); the CLI',
    },
    retention: KEPT_AS_AUDIT,
    columns: {
      id: none,
      key_id: none,
      kind: none,
      instance_id: none,
      tenant_ids: none,
      scopes: none,
      secret_hash: c('secret', 'sha256'),
      secret_ciphertext: c('secret', 'aes-256-gcm'),
      created_at: none,
      created_by: c('staff'),
      expires_at: none,
      revoked_at: none,
      last_used_at: none,
    },
  },
  {
    table: 'login_stats',
    about: { ru: 'Счётчики входов по дням (только агрегаты)', en: 'Daily login counters (aggregates only)' },
    ...NO_PERSONAL_DATA,
    columns: { day: none, tenant_id: none, instance_id: none, age_band: none, decision: none, count: none },
  },
  {
    table: 'activity_counts',
    about: {
      ru: 'Счётчики входов, привязок, отказов и обращений по дням (только агрегаты)',
      en: 'Daily counters of sign-ins, links, refusals and access requests (aggregates only)',
    },
    ...NO_PERSONAL_DATA,
    columns: { day: none, tenant_id: none, instance_id: none, kind: none, count: none },
  },
  {
    table: 'activity_recent',
    about: {
      ru: 'Те же счётчики по четвертям часа за последние двое суток (только агрегаты)',
      en: 'The same counters by quarter hour for the last two days (aggregates only)',
    },
    ...NO_PERSONAL_DATA,
    columns: { slot: none, tenant_id: none, instance_id: none, kind: none, count: none },
  },
  {
    table: 'diary_active_users',
    about: {
      ru: 'Число активных пользователей, которое сообщает дневник, по дням (только агрегаты)',
      en: 'The active users a diary reports, by day (aggregates only)',
    },
    ...NO_PERSONAL_DATA,
    columns: { instance_id: none, day: none, window_days: none, active_users: none, reported_at: none },
  },
  {
    table: 'tenants',
    about: { ru: 'Регионы', en: 'Regions' },
    ...NO_PERSONAL_DATA,
    columns: { id: none, name: none, time_zone: none, created_at: none, updated_at: none },
  },
  {
    table: 'diary_instances',
    about: { ru: 'Экземпляры электронных дневников', en: 'Diary instances' },
    ...NO_PERSONAL_DATA,
    columns: {
      id: none,
      tenant_id: none,
      adapter_kind: none,
      base_url: none,
      display_name: none,
      credentials_ref: none,
      enabled: none,
      created_at: none,
      updated_at: none,
      settings: none,
      oidc_client: none,
    },
  },
  {
    table: 'policies',
    about: { ru: 'Версии политики перехода', en: 'Versions of the cutover policy' },
    ...STAFF_ONLY,
    readers: { ru: 'операторы региона; шлюз', en: "the region's operators; the gateway" },
    columns: {
      id: none,
      tenant_id: none,
      instance_id: none,
      version: none,
      mode: none,
      announce_date: none,
      cutover_date: none,
      warn_days: none,
      min_age: none,
      roles: none,
      unknown_birth_date_rule: none,
      created_at: none,
      created_by: c('staff'),
    },
  },
  {
    table: 'provider_signing_keys',
    about: { ru: 'Ключи подписи поставщика OpenID', en: "The OpenID Provider's signing keys" },
    ...STAFF_ONLY,
    readers: { ru: 'шлюз; CLI', en: 'the gateway; the CLI' },
    columns: {
      kid: none,
      alg: none,
      private_jwk_ciphertext: c('secret', 'aes-256-gcm'),
      created_at: none,
      created_by: c('staff'),
      retired_at: none,
    },
  },
];

const SESSION_LIFETIME: Text = {
  ru: 'SESSION_IDLE_MINUTES без запросов (скользящий срок)',
  en: 'SESSION_IDLE_MINUTES without a request (rolling)',
};
const ERASED: Text = {
  ru: 'удаляются записи, называющие человека',
  en: 'the records naming the person are deleted',
};
const EXPIRES: Text = {
  ru: 'не ищутся: ключ не называет человека и истекает сам',
  en: 'not searched: the key names nobody and expires by itself',
};
const OIDC_SESSION: Text = {
  ru: 'сеансы и выдачи поставщика OpenID дневникам и их приложениям',
  en: "the OpenID Provider's sessions and grants to the diaries and their apps",
};
const provider = (pattern: string, holds: Text, lifetime: Text): KeyFamily => ({
  pattern,
  holds,
  kinds: ['esia-id', 'account'],
  purpose: OIDC_SESSION,
  basis: ['service'],
  lifetime,
  erasure: ERASED,
  section: 'provider',
});
const ACCOUNT_ID: Text = {
  ru: '`accountId` = `esia:<oid>` или `pwd:<дневник>:<учётная запись>`',
  en: '`accountId` = `esia:<oid>` or `pwd:<instance>:<diary user id>`',
};

/** Every key family of the shared store. */
export const KEY_FAMILIES: readonly KeyFamily[] = [
  {
    pattern: 'sess:<id>',
    holds: {
      ru: 'сеанс браузера: человек после входа через ЕСИА (oid, ФИО, подтверждена ли учётная запись), шаги привязки и входа (учётные записи дневника, организации, роли), токен CSRF',
      en: 'a browser session: the person after ESIA (oid, name, confirmed or not), the steps of linking and sign-in (diary accounts, organizations, roles), the CSRF token',
    },
    kinds: ['esia-id', 'name', 'account'],
    purpose: SIGN_IN,
    basis: ['service'],
    lifetime: SESSION_LIFETIME,
    erasure: ERASED,
    section: 'gateway',
  },
  {
    pattern: 'state:esia:state:<uuid>, state:oidc:state:<uuid>',
    holds: {
      ru: 'одноразовый state входа: привязка к сеансу, цель, время (до входа человек неизвестен)',
      en: 'a single-use sign-in state: session binding, purpose, time (nobody is known yet)',
    },
    kinds: ['none'],
    purpose: null,
    basis: [],
    lifetime: { ru: '600 с', en: '600 s' },
    erasure: EXPIRES,
    section: 'gateway',
  },
  {
    pattern: 'state:vendor-nonce:<key id>:<nonce>',
    holds: { ru: 'использованный nonce подписи дневника', en: "a diary signature's spent nonce" },
    kinds: ['none'],
    purpose: null,
    basis: [],
    lifetime: { ru: '600 с', en: '600 s' },
    erasure: EXPIRES,
    section: 'gateway',
  },
  {
    pattern: 'rl:decision:i:<instance>, rl:decision:u:<sha256 of instance+account, 22 chars>',
    holds: {
      ru: 'счётчики запросов решения о входе по паролю; учётная запись — только как несолёный SHA-256',
      en: 'counters of password decisions; the account only as an unkeyed SHA-256',
    },
    kinds: ['account'],
    purpose: { ru: 'защита от перебора', en: 'protection against guessing' },
    basis: ['duty'],
    lifetime: { ru: '60 с (окно счётчика)', en: '60 s (the window)' },
    erasure: EXPIRES,
    section: 'gateway',
  },
  {
    pattern: 'rl:diary-pw:<sha256 of instance+login, 22 chars>, rl:diary-pw-ip:<IP address>',
    holds: {
      ru: 'счётчики попыток пароля дневника: логин (несолёный SHA-256) и IP-адрес',
      en: 'counters of diary password attempts: the login (unkeyed SHA-256) and the IP address',
    },
    kinds: ['account'],
    purpose: { ru: 'защита от перебора пароля', en: 'protection against password guessing' },
    basis: ['duty'],
    lifetime: { ru: '300 с (окно счётчика)', en: '300 s (the window)' },
    erasure: EXPIRES,
    section: 'gateway',
  },
  {
    pattern: 'ps:<channel> (pub/sub)',
    holds: {
      ru: 'номер региона, политика которого изменилась; не хранится',
      en: 'the id of a region whose policy changed; not stored',
    },
    kinds: ['none'],
    purpose: null,
    basis: [],
    lifetime: { ru: 'не хранится', en: 'not stored' },
    erasure: EXPIRES,
    section: 'gateway',
  },
  provider(
    'state:op:Session:<id>',
    { ru: `сеанс у поставщика: ${ACCOUNT_ID.ru}`, en: `a provider session: ${ACCOUNT_ID.en}` },
    {
      ru: 'до 14 дней, если человек выбрал «Остаться в системе»; иначе до закрытия браузера',
      en: 'up to 14 days when the person chose to stay signed in; else the browser session',
    },
  ),
  provider(
    'state:op:Grant:<id>',
    { ru: `разрешение приложению: ${ACCOUNT_ID.ru}`, en: `a grant to an app: ${ACCOUNT_ID.en}` },
    {
      ru: 'пока живут его токены (до 30 дней)',
      en: 'as long as its tokens (up to 30 days)',
    },
  ),
  provider(
    'state:op:AuthorizationCode:<id>',
    { ru: `код авторизации: ${ACCOUNT_ID.ru}`, en: `an authorization code: ${ACCOUNT_ID.en}` },
    {
      ru: '60 с',
      en: '60 s',
    },
  ),
  provider(
    'state:op:AccessToken:<id>',
    { ru: `токен доступа: ${ACCOUNT_ID.ru}`, en: `an access token: ${ACCOUNT_ID.en}` },
    {
      ru: 'до 1 часа',
      en: 'up to 1 hour',
    },
  ),
  provider(
    'state:op:RefreshToken:<id>',
    { ru: `токен обновления приложения: ${ACCOUNT_ID.ru}`, en: `an app's refresh token: ${ACCOUNT_ID.en}` },
    {
      ru: '30 дней',
      en: '30 days',
    },
  ),
  provider(
    'state:op:Interaction:<id>',
    { ru: `шаг входа у поставщика: ${ACCOUNT_ID.ru}`, en: `a provider interaction: ${ACCOUNT_ID.en}` },
    {
      ru: 'до 1 часа',
      en: 'up to 1 hour',
    },
  ),
  provider(
    'state:op:PushedAuthorizationRequest:<id>',
    {
      ru: 'запрос привязки от дневника: учётная запись дневника',
      en: "a diary's pushed link request: the diary account",
    },
    {
      ru: '60 с',
      en: '60 s',
    },
  ),
  provider(
    'state:provider:sign-in:<grantId>',
    {
      ru: 'вход по разрешению: дневник, учётная запись, организация, роль, oid ЕСИА',
      en: "a grant's sign-in: instance, diary account, organization, role, ESIA oid",
    },
    {
      ru: 'пока живёт разрешение',
      en: 'as long as the grant',
    },
  ),
  provider(
    'state:provider:pending-change:<grantId>',
    {
      ru: 'отложенная привязка или отвязка: учётная запись, oid ЕСИА',
      en: 'a held link or unlink: the diary account, the ESIA oid',
    },
    {
      ru: '60 с',
      en: '60 s',
    },
  ),
];

/** A table's entry by name, or undefined. */
export function tableEntry(table: string): TableEntry | undefined {
  return TABLES.find((t) => t.table === table);
}

/** `{RETENTION_…}` in a retention text, filled with the days configured (or the defaults, for the document). */
export function fillRetention(text: string, days: Readonly<Record<string, number>>): string {
  return text.replace(/\{([A-Z_]+)\}/g, (whole, name: string) =>
    days[name] === undefined ? whole : String(days[name]),
  );
}
