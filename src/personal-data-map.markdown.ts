import { configEntries } from './config';
import {
  fillRetention,
  KEY_FAMILIES,
  LEGAL_BASES,
  TABLES,
  type ColumnKind,
  type KeyFamily,
  type LegalBasis,
  type Protection,
  type TableEntry,
  type Text,
} from './personal-data-map';

type Lang = keyof Text;

const KINDS: Record<ColumnKind, Text> = {
  none: { ru: '—', en: '—' },
  'esia-id': { ru: 'идентификатор ЕСИА (oid)', en: 'ESIA identifier (oid)' },
  account: { ru: 'учётная запись дневника', en: 'diary account' },
  name: { ru: 'ФИО', en: 'full name' },
  contact: { ru: 'телефон или e-mail', en: 'phone or e-mail' },
  'free-text': { ru: 'свободный текст (может содержать ПД)', en: 'free text (may hold personal data)' },
  staff: { ru: 'сотрудник (оператор, школа, пользователь CLI)', en: 'staff (operator, school, CLI user)' },
  secret: { ru: 'секрет (не ПД)', en: 'secret (not personal data)' },
};

const PROTECTIONS: Record<Protection, Text> = {
  plain: { ru: 'открыто (права ролей БД)', en: 'plain (database roles)' },
  'plain, then pseudonym': { ru: 'открыто, затем псевдоним (HMAC)', en: 'plain, then a pseudonym (HMAC)' },
  'plain, then removed': { ru: 'открыто, затем удаляется', en: 'plain, then removed' },
  'plain, row deleted': { ru: 'открыто, строка удаляется', en: 'plain, the row is deleted' },
  sha256: { ru: 'SHA-256', en: 'SHA-256' },
  'aes-256-gcm': { ru: 'AES-256-GCM', en: 'AES-256-GCM' },
};

const WORDS = {
  purpose: { ru: 'Цель', en: 'Purpose' },
  basis: { ru: 'Основание (152-ФЗ)', en: 'Legal basis (152-FZ)' },
  readers: { ru: 'Кто читает', en: 'Who reads it' },
  retention: { ru: 'Срок хранения', en: 'Kept' },
  column: { ru: 'столбец', en: 'column' },
  holds: { ru: 'персональные данные', en: 'personal data' },
  protection: { ru: 'защита', en: 'protection' },
  noPersonal: { ru: 'Персональных данных нет. Столбцы', en: 'No personal data. Columns' },
  arrives: { ru: 'появится с', en: 'arrives with' },
  key: { ru: 'ключ', en: 'key' },
  keyPurpose: { ru: 'цель', en: 'purpose' },
  keyBasis: { ru: 'основание', en: 'legal basis' },
  what: { ru: 'что хранит', en: 'what it holds' },
  lifetime: { ru: 'срок жизни', en: 'lifetime' },
  erasure: { ru: 'при удалении данных человека', en: "on a person's erasure" },
  gatewayKeys: { ru: 'Ключи шлюза', en: "The gateway's keys" },
  providerKeys: {
    ru: 'Сессии и токены поставщика OpenID для дневников (появятся с issue 16)',
    en: "The OpenID Provider's sessions and tokens for the diaries (arriving with issue 16)",
  },
} as const satisfies Record<string, Text>;

/** The default number of days of every RETENTION_… variable, for the document. */
export function defaultRetentionDays(): Record<string, number> {
  return Object.fromEntries(
    Object.values(configEntries)
      .filter((e) => e.env.startsWith('RETENTION_') && e.env.endsWith('_DAYS'))
      .map((e) => [e.env, Number(e.defaultText)]),
  );
}

const bases = (list: readonly LegalBasis[], lang: Lang) => list.map((b) => LEGAL_BASES[b][lang]).join('; ');
const arrival = (what: string | undefined, lang: Lang) => (what ? ` *(${WORDS.arrives[lang]} ${what})*` : '');

function table(t: TableEntry, lang: Lang, days: Record<string, number>): string {
  const head = `#### \`${t.table}\` — ${t.about[lang]}${arrival(t.arrivesWith, lang)}`;
  const columns = Object.entries(t.columns);
  if (!t.purpose) {
    const names = columns.map(([name, col]) => `\`${name}\`${arrival(col.arrivesWith, lang)}`).join(', ');
    return `${head}\n\n${WORDS.noPersonal[lang]}: ${names}.`;
  }
  const facts = [
    `- **${WORDS.purpose[lang]}:** ${t.purpose[lang]}`,
    `- **${WORDS.basis[lang]}:** ${bases(t.basis, lang)}`,
    `- **${WORDS.readers[lang]}:** ${t.readers?.[lang] ?? '—'}`,
    `- **${WORDS.retention[lang]}:** ${fillRetention(t.retention?.[lang] ?? '—', days)}`,
  ];
  const rows = columns.map(([name, col]) => {
    const protection = col.kind === 'none' ? '' : PROTECTIONS[col.protection ?? 'plain'][lang];
    return `| \`${name}\`${arrival(col.arrivesWith, lang)} | ${KINDS[col.kind][lang]} | ${protection} |`;
  });
  return [
    head,
    '',
    ...facts,
    '',
    `| ${WORDS.column[lang]} | ${WORDS.holds[lang]} | ${WORDS.protection[lang]} |`,
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function keys(families: readonly KeyFamily[], lang: Lang): string {
  const head = [WORDS.key, WORDS.what, WORDS.keyPurpose, WORDS.keyBasis, WORDS.lifetime, WORDS.erasure];
  return [
    `| ${head.map((w) => w[lang]).join(' | ')} |`,
    `|${' --- |'.repeat(head.length)}`,
    ...families.map((f) =>
      [
        `\`${f.pattern}\``,
        f.holds[lang],
        f.purpose?.[lang] ?? '—',
        bases(f.basis, lang) || '—',
        f.lifetime[lang],
        f.erasure[lang],
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
  ].join('\n');
}

/** The generated part of docs/personal-data.md in one language: every table, column and key family. */
export function renderPersonalDataMap(lang: Lang, days = defaultRetentionDays()): string {
  return [
    ...TABLES.map((t) => table(t, lang, days)),
    `#### ${WORDS.gatewayKeys[lang]}`,
    keys(
      KEY_FAMILIES.filter((f) => f.section === 'gateway'),
      lang,
    ),
    `#### ${WORDS.providerKeys[lang]}`,
    keys(
      KEY_FAMILIES.filter((f) => f.section === 'provider'),
      lang,
    ),
  ].join('\n\n');
}
