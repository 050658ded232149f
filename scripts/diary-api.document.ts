/**
 * The published diary API (issue 13): what a school e-diary exposes so that the gateway can do every flow
 * without gateway code for that diary. Written here in TypeScript for brevity and checked three ways:
 * docs/diary-api.openapi.json must equal it (npm run diary-api:docs writes it; test/unit/diary-api-document
 * compares), Redocly lints the file (npm run lint), and every example must parse with the generic adapter's
 * schemas (adapters/diary-api/diary-api.schemas.ts), so the document and the adapter cannot drift apart. The
 * lists the adapter reads by (roles, abilities, error codes) and the vendors' role maps are imported, not copied.
 */
import { API_ABILITIES, API_ERROR_CODES } from '../adapters/diary-api/diary-api.schemas';
import type { VendorRoleVocabulary } from '../adapters/shared/vendor-roles';
import { VENDOR_ROLE_VOCABULARIES } from '../adapters/vendor-roles';
import { ROLES } from '../src/core/policy.types';
import { hmacSecuritySchemes } from '../src/http/vendor-api/hmac-security.openapi';

/** Russian first, then English, as one description. */
const both = (ru: string, en: string) => `${ru}\n\n${en}`;

const ref = (kind: 'schemas' | 'responses' | 'parameters', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

type Examples = Record<string, { summary: string; value: unknown }>;
const json = (schema: object, examples: Examples) => ({ 'application/json': { schema, examples } });
const answer = (description: string, schema: object, examples: Examples, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: json(schema, examples),
});
const errorExample = (code: string, message: string) => ({ error: { code, message } });
const refusal = (description: string, examples: Record<string, [string, string]>) =>
  answer(
    description,
    ref('schemas', 'Error'),
    Object.fromEntries(
      Object.entries(examples).map(([name, [code, message]]) => [
        name,
        { summary: code, value: errorExample(code, message) },
      ]),
    ),
  );

/** Every signed operation: HMAC (four headers together) or mutual TLS, as the instance is configured. */
const SIGNED = [{ keyId: [], timestamp: [], nonce: [], signature: [] }, { mutualTLS: [] }];

const COMMON = { '401': ref('responses', 'Unauthenticated'), '500': ref('responses', 'InternalError') };

const userIdParameter = {
  name: 'userId',
  in: 'path',
  required: true,
  description: both(
    'Идентификатор учетной записи (логина) в дневнике: строка 1–64 символа.',
    'The diary login account id: a string of 1–64 characters.',
  ),
  schema: { type: 'string', minLength: 1, maxLength: 64 },
  example: '39001',
};

const ORGANIZATION_EXAMPLE = {
  id: '39-0007',
  name: 'МАОУ СОШ № 7',
  municipality: 'Городской округ «Город Калининград»',
  settlement: 'г. Калининград',
  type: 'Общеобразовательная организация',
};

/** A POST the gateway may repeat: the Idempotency-Key header and a required JSON body of `schema`. */
const idempotentPost = (schema: string, examples: Examples) => ({
  parameters: [ref('parameters', 'IdempotencyKey')],
  requestBody: { required: true, content: json(ref('schemas', schema), examples) },
});

/** A list answer: `{ items: [item, …] }`. */
const itemsOf = (item: object) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: item } },
});

/** An access request the diary has taken and not yet decided. */
const OPEN_REQUEST = { id: 'ar-1', status: 'open', resolution: null, userId: null };

/** Every ability of the capabilities document set to `on`. */
const abilitiesAll = (on: boolean) => Object.fromEntries(API_ABILITIES.map((name) => [name, on]));

/** One vendor's role map as a table: what its extension answers for each role of its own vocabulary. */
function roleTable(v: VendorRoleVocabulary): string {
  const rows = Object.entries(v.roles).map(([key, rule]) =>
    rule.role === null
      ? `| \`${key}\` | — | ignored: ${rule.ignored} |`
      : `| \`${key}\` | \`${rule.role}\` | ${rule.note ?? ''} |`,
  );
  return [
    `**${v.vendor}** (${v.source})`,
    '',
    '| vendor role | gateway role | note |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The gateway's roles (src/core ROLES), with the map each vendor's extension applies to its own vocabulary
 * (adapters/<vendor>/<vendor>.roles.ts): as a table for people and as `x-vendor-roles` for a vendor's tests.
 */
const ROLE_SCHEMA = {
  type: 'string',
  enum: [...ROLES],
  description: [
    both(
      'Роль учетной записи в организации, словами шлюза. Расширение поставщика переводит роли своей системы ' +
        'по таблице ниже; роль с «—» не роль шлюза: членство только с такой ролью не выводится. Роль не из ' +
        'таблицы тоже не выводится, а поставщик сообщает о ней, чтобы таблицу дополнили.',
      'The account’s role at an organization, in the gateway’s words. A vendor’s extension maps the roles of ' +
        'its own system by the table below; a role marked «—» is no gateway role: a membership with only such a ' +
        'role is left out. A role not in the table is left out too, and the vendor reports it so the table is ' +
        'completed.',
    ),
    ...VENDOR_ROLE_VOCABULARIES.map(roleTable),
  ].join('\n\n'),
  'x-vendor-roles': VENDOR_ROLE_VOCABULARIES.map((v) => ({
    vendor: v.vendor,
    adapterKinds: v.adapterKinds,
    source: v.source,
    roles: Object.fromEntries(Object.entries(v.roles).map(([key, rule]) => [key, rule.role])),
  })),
};

const CANONICAL = [
  'Canonical string (lines joined by LF, no trailing newline): `METHOD`, the request target exactly as sent',
  '(path from the host with the query string, e.g. `/elg/v1/users/39001`), `X-ELG-Timestamp`, `X-ELG-Nonce`,',
  'lowercase hex SHA-256 of the raw body (of the empty string for GET). `X-ELG-Signature` = base64url (no',
  'padding) HMAC-SHA256 of it, keyed with the secret of the key id. The diary refuses a timestamp outside',
  '±300 s, an unknown key, a wrong signature, and a nonce it has seen in the last 10 minutes (checked in that',
  'order; the nonce is spent only after the signature is right). It is the same scheme as the gateway’s',
  'vendor API (docs/vendor-api.md), with the same key id and secret.',
].join(' ');

/** The document, as served at /api/vendor/v1/diary-api.json and committed as docs/diary-api.openapi.json. */
export function diaryApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ESIA Link Gateway: diary API (implemented by a diary, called by the gateway)',
      version: '1.0.0',
      description: both(
        'API, который электронный дневник публикует для шлюза ЕСИА, чтобы шлюз мог выполнять все сценарии ' +
          'без собственного кода для этого дневника: проверка пароля, профиль, членства, дети, поиск школьных ' +
          'записей по СНИЛС, каскад организаций, заявки на доступ и их статус, уведомления о привязке. ' +
          'Возможности необязательны: дневник объявляет их в документе возможностей (`GET /capabilities`), ' +
          'оператор вносит их в config/instances.json, комплект проверки соответствия (`npm run conformance`) ' +
          'проверяет каждую объявленную. Вход и привязка идут не через этот API, а через OpenID Provider ' +
          'шлюза (docs/sign-in-for-diaries.md): дневник подтверждает учетную запись запросом PAR, а не ' +
          'билетом. Ошибки — в одной форме `{ "error": { "code", "message" } }`.',
        'The API a school e-diary publishes for the ESIA Link Gateway, so that the gateway can run every flow ' +
          'with no code of its own for that diary: password check, profile, memberships, children, school ' +
          'records by SNILS, the organization cascade, access requests and their status, link notices. The ' +
          'abilities are optional: the diary declares them in its capabilities document (`GET /capabilities`), ' +
          'the operator writes them into config/instances.json, and the conformance kit (`npm run ' +
          'conformance`) checks each declared one. Sign-in and linking do not use this API but the gateway’s ' +
          'OpenID Provider (docs/sign-in-for-diaries.md): the diary proves the account with a pushed ' +
          'authorization request, not with a ticket. Errors have one shape: `{ "error": { "code", "message" } }`.',
      ),
      contact: { name: 'The regional education ministry that runs the gateway (its connection agreement)' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: 'https://diary.example.ru/elg/v1',
        description: both(
          'Адрес API у дневника (в config/instances.json: baseUrl + settings.apiPath).',
          'Where the diary serves the API (config/instances.json: baseUrl + settings.apiPath).',
        ),
      },
    ],
    tags: [
      { name: 'Capabilities', description: both('Что дневник умеет.', 'What the diary can do.') },
      {
        name: 'Accounts',
        description: both('Пароль, профиль, членства, дети.', 'Password, profile, memberships, children.'),
      },
      { name: 'School records', description: both('Поиск по СНИЛС.', 'Search by SNILS.') },
      { name: 'Organizations', description: both('Каскад выбора организации.', 'The organization cascade.') },
      { name: 'Links', description: both('Уведомления о привязке к Госуслугам.', 'Link notices.') },
      {
        name: 'Access requests',
        description: both('Заявки «Обратиться в организацию».', 'Access requests.'),
      },
    ],
    security: SIGNED,
    paths: {
      '/capabilities': {
        get: {
          operationId: 'getCapabilities',
          tags: ['Capabilities'],
          summary: 'Capabilities document / Документ возможностей',
          description: both(
            'Какие необязательные возможности дневник реализует. Профиль и членства обязательны всегда. ' +
              'Объявленная возможность должна работать: комплект проверки вызывает каждую.',
            'Which optional abilities the diary implements. Profile and memberships are always required. A ' +
              'declared ability must work: the conformance kit calls each one.',
          ),
          responses: {
            '200': answer('The abilities.', ref('schemas', 'Capabilities'), {
              all: {
                summary: 'Every ability',
                value: {
                  apiVersion: '1.0',
                  abilities: abilitiesAll(true),
                },
              },
              minimal: {
                summary: 'Profile and memberships only',
                value: {
                  apiVersion: '1.0',
                  abilities: abilitiesAll(false),
                },
              },
            }),
            ...COMMON,
          },
        },
      },
      '/password-checks': {
        post: {
          operationId: 'checkPassword',
          tags: ['Accounts'],
          summary: 'Check a diary password / Проверить пароль (passwordLogin)',
          description: both(
            'Проверяет логин и пароль дневника (форма входа шлюза и подтверждение учетной записи паролем). ' +
              'Отказ — это результат (200, `ok: false`), а не ошибка. После серии неудачных попыток — ' +
              '`rate_limited` с `retryAfterSeconds`, даже для верного пароля.',
            'Checks a diary login and password (the gateway’s login form, and proving an account by password). ' +
              'A refusal is a result (200, `ok: false`), not an error. After a run of failures: `rate_limited` ' +
              'with `retryAfterSeconds`, even for the right password.',
          ),
          requestBody: {
            required: true,
            content: json(ref('schemas', 'PasswordCheckRequest'), {
              plain: {
                summary: 'Login and password',
                value: { login: 'fedorov.p', password: 'Eljur-Fedorov1' },
              },
              inSchool: {
                summary: 'Logins unique only within a school',
                value: { login: 'fedorov.p', password: 'Eljur-Fedorov1', organizationId: '39-0007' },
              },
            }),
          },
          responses: {
            '200': answer('The result.', ref('schemas', 'PasswordCheck'), {
              ok: { summary: 'Right password', value: { ok: true, userId: '39001' } },
              wrong: { summary: 'Wrong password', value: { ok: false, reason: 'bad_credentials' } },
              limited: {
                summary: 'Too many attempts',
                value: { ok: false, reason: 'rate_limited', retryAfterSeconds: 540 },
              },
              locked: { summary: 'Locked account', value: { ok: false, reason: 'account_locked' } },
            }),
            '400': ref('responses', 'InvalidRequest'),
            ...COMMON,
          },
        },
      },
      '/users/{userId}': {
        get: {
          operationId: 'getUser',
          tags: ['Accounts'],
          summary: 'Profile / Профиль',
          description: both(
            'Профиль учетной записи: ФИО, дата рождения (если известна), СНИЛС (если школа его хранит), роли, ' +
              'блокировка. Только то, что нужно сценариям (152-ФЗ). Неизвестная учетная запись — 404 ' +
              '`user_not_found` (любой другой 404 шлюз считает ошибкой настройки).',
            'The account’s profile: name, birth date (when known), SNILS (when the school holds it), roles, ' +
              'whether locked. Only what the flows use (152-FZ). An unknown account is 404 `user_not_found` ' +
              '(the gateway reads any other 404 as a configuration fault).',
          ),
          parameters: [userIdParameter],
          responses: {
            '200': answer('The profile.', ref('schemas', 'Profile'), {
              teacher: {
                summary: 'A teacher',
                value: {
                  userId: '39001',
                  lastName: 'Федоров',
                  firstName: 'Петр',
                  middleName: 'Ильич',
                  birthDate: '1986-10-04',
                  snils: '132-465-798 67',
                  roles: ['teacher'],
                  locked: false,
                },
              },
              noBirthDate: {
                summary: 'A pupil the school has no birth date or SNILS for',
                value: {
                  userId: '39006',
                  lastName: 'Лебедева',
                  firstName: 'Анна',
                  middleName: null,
                  birthDate: null,
                  snils: null,
                  roles: ['student'],
                  locked: false,
                },
              },
            }),
            '404': ref('responses', 'UserNotFound'),
            ...COMMON,
          },
        },
      },
      '/users/{userId}/memberships': {
        get: {
          operationId: 'listMemberships',
          tags: ['Accounts'],
          summary: 'Memberships / Организации и роли',
          description: both(
            'Где и в какой роли состоит учетная запись: то, что показывает выбор «Вход в систему».',
            'Where the account belongs and as whom: what the «Вход в систему» chooser lists.',
          ),
          parameters: [userIdParameter],
          responses: {
            '200': answer('The memberships.', ref('schemas', 'Memberships'), {
              one: {
                summary: 'A teacher of one school',
                value: { items: [{ organization: ORGANIZATION_EXAMPLE, role: 'teacher' }] },
              },
            }),
            '404': ref('responses', 'UserNotFound'),
            ...COMMON,
          },
        },
      },
      '/users/{userId}/children': {
        get: {
          operationId: 'listChildren',
          tags: ['Accounts'],
          summary: 'Children of a parent / Дети (children)',
          description: both(
            'Дети родителя, как их знает дневник.',
            'A parent’s children as the diary knows them.',
          ),
          parameters: [userIdParameter],
          responses: {
            '200': answer('The children.', ref('schemas', 'Children'), {
              one: {
                summary: 'One child with a login',
                value: {
                  items: [
                    {
                      userId: '39003',
                      lastName: 'Петров',
                      firstName: 'Иван',
                      birthDate: '2012-04-02',
                      organization: { id: '39-0031', name: 'МАОУ лицей № 31' },
                    },
                  ],
                },
              },
            }),
            '404': ref('responses', 'UserNotFound'),
            ...COMMON,
          },
        },
      },
      '/school-records/search': {
        post: {
          operationId: 'searchSchoolRecords',
          tags: ['School records'],
          summary: 'School records by SNILS / Поиск по СНИЛС (snilsMatch)',
          description: both(
            'Все учетные записи, в школьных записях которых есть этот СНИЛС (каждая один раз, с членствами). ' +
              'СНИЛС передаётся в теле (не в адресе: адреса попадают в журналы), всегда как «XXX-XXX-XXX YY». ' +
              'Нет записей — пустой список, не 404.',
            'Every account whose school records carry this SNILS (each once, with its memberships). The SNILS ' +
              'travels in the body (never in a URL: URLs reach logs), always as «XXX-XXX-XXX YY». No record is an ' +
              'empty list, not a 404.',
          ),
          requestBody: {
            required: true,
            content: json(ref('schemas', 'SnilsSearch'), {
              snils: { summary: 'A SNILS', value: { snils: '158-372-641 92' } },
            }),
          },
          responses: {
            '200': answer('The matching accounts.', ref('schemas', 'SchoolRecords'), {
              two: {
                summary: 'A teacher with a separate profile in each of two schools',
                value: {
                  items: [
                    {
                      userId: '39004',
                      birthDate: '1981-12-01',
                      memberships: [{ organization: ORGANIZATION_EXAMPLE, role: 'teacher' }],
                    },
                    {
                      userId: '39005',
                      birthDate: '1981-12-01',
                      memberships: [
                        {
                          organization: { id: '39-0101', name: 'МАОУ СОШ г. Зеленоградска' },
                          role: 'teacher',
                        },
                      ],
                    },
                  ],
                },
              },
              none: { summary: 'No record', value: { items: [] } },
            }),
            '400': ref('responses', 'InvalidRequest'),
            ...COMMON,
          },
        },
      },
      '/organizations': {
        get: {
          operationId: 'listOrganizations',
          tags: ['Organizations'],
          summary: 'One level of the organization cascade / Уровень каскада (organizationSearch)',
          description: both(
            'Уровни сверху вниз: `municipality` («Муниципальное образование»), `settlement` («Населённый ' +
              'пункт»), `type` («Тип ОО»), `organization`. Выбранное выше передаётся параметрами с именами ' +
              'уровней. Уровня нет — пустой список.',
            'Levels top down: `municipality`, `settlement`, `type`, `organization`. What was chosen above comes ' +
              'as parameters named by level. A level the diary has not got is an empty list.',
          ),
          parameters: [
            {
              name: 'level',
              in: 'query',
              required: true,
              description: both('Уровень каскада.', 'The cascade level.'),
              schema: { type: 'string', enum: ['municipality', 'settlement', 'type', 'organization'] },
              example: 'organization',
            },
            ...['municipality', 'settlement', 'type'].map((level) => ({
              name: level,
              in: 'query',
              required: false,
              description: both(
                `Выбранный ${level} (id из ответа уровня).`,
                `The chosen ${level} (an id from that level).`,
              ),
              schema: { type: 'string' },
            })),
            {
              name: 'q',
              in: 'query',
              required: false,
              description: both('Часть названия.', 'Part of the name.'),
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': answer('The choices.', ref('schemas', 'OrganizationChoices'), {
              schools: {
                summary: 'Schools of a municipality',
                value: { items: [{ id: '39-0101', name: 'МАОУ СОШ г. Зеленоградска' }] },
              },
            }),
            '400': ref('responses', 'InvalidRequest'),
            ...COMMON,
          },
        },
      },
      '/link-notices': {
        post: {
          operationId: 'postLinkNotice',
          tags: ['Links'],
          summary: 'A link was created or removed / Уведомление о привязке (linkNotifications)',
          description: both(
            'Шлюз сообщает о привязке (`created`) и отвязке (`removed`) учетной записи. Доставка «хотя бы ' +
              'один раз»: повтор с тем же `Idempotency-Key` отвечает 200 `already_recorded` и ничего не меняет. ' +
              '`removed` для более старой привязки, чем текущая, ничего не меняет (`superseded`). Неизвестная ' +
              'учетная запись — 404 `user_not_found`: шлюз больше не повторяет.',
            'The gateway tells the diary that an account was linked (`created`) or unlinked (`removed`). ' +
              'Delivered at least once: a repeat with the same `Idempotency-Key` answers 200 ' +
              '`already_recorded` and changes nothing. A `removed` of an older link than the current one changes ' +
              'nothing (`superseded`). An unknown account is 404 `user_not_found`: the gateway stops retrying.',
          ),
          ...idempotentPost('LinkNotice', {
            created: {
              summary: 'Linked',
              value: {
                event: 'created',
                linkId: '2f1c7a52-8d0e-4d43-9a59-0d7c2c1f0b61',
                userId: '39001',
                at: '2026-12-07T09:00:00.000Z',
              },
            },
          }),
          responses: {
            '200': answer('Recorded (or already recorded).', ref('schemas', 'LinkNoticeAnswer'), {
              recorded: { summary: 'First delivery', value: { outcome: 'recorded' } },
              repeat: { summary: 'A repeat', value: { outcome: 'already_recorded' } },
              superseded: { summary: 'An older link’s removal', value: { outcome: 'superseded' } },
            }),
            '400': ref('responses', 'InvalidRequest'),
            '404': ref('responses', 'UserNotFound'),
            ...COMMON,
          },
        },
      },
      '/access-requests': {
        post: {
          operationId: 'createAccessRequest',
          tags: ['Access requests'],
          summary: 'Take an access request / Принять заявку (accessRequests)',
          description: both(
            'Заявка «Обратиться в организацию» в очередь дневника. Идемпотентно по `Idempotency-Key` (равен ' +
              '`requestId`): новая — 201, повтор — 200 с тем же `id`. Неизвестная организация — 422 ' +
              '`organization_unknown`, заявка, которую дневник не примет, — 400 `invalid_request` (повтор не ' +
              'поможет).',
            'An access request into the diary’s queue. Idempotent on `Idempotency-Key` (equal to `requestId`): ' +
              'new is 201, a repeat 200 with the same `id`. An unknown organization is 422 `organization_unknown`; ' +
              'a request the diary will not take is 400 `invalid_request` (a retry cannot help).',
          ),
          ...idempotentPost('AccessRequest', {
            missingProfile: {
              summary: 'A parent without a profile',
              value: {
                requestId: '00000000-0000-4000-8000-000000000002',
                organizationId: '39-0031',
                role: 'parent',
                reason: 'profile_missing',
                message: 'Нет профиля родителя',
                contact: '+7 900 000-00-00',
                personName: 'Петров Алексей Константинович',
              },
            },
          }),
          responses: {
            '200': answer('A repeat: the request already taken.', ref('schemas', 'AccessRequestState'), {
              repeat: {
                summary: 'The same id',
                value: OPEN_REQUEST,
              },
            }),
            '201': answer('Taken.', ref('schemas', 'AccessRequestState'), {
              taken: {
                summary: 'New',
                value: OPEN_REQUEST,
              },
            }),
            '400': ref('responses', 'InvalidRequest'),
            '422': refusal('The organization is not in this diary.', {
              unknown: ['organization_unknown', 'No such organization in this diary'],
            }),
            ...COMMON,
          },
        },
      },
      '/access-requests/{id}': {
        get: {
          operationId: 'getAccessRequest',
          tags: ['Access requests'],
          summary: 'Where a request stands / Состояние заявки (accessRequests)',
          description: both(
            'Состояние заявки по `id`, который дал дневник. После решения — ответ школы и, если появилась, ' +
              'учетная запись, в которую человек теперь может войти.',
            'The request’s state by the diary’s `id`. Once resolved: the school’s answer and, when there is one ' +
              'now, the account the person can sign in to.',
          ),
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: both('Идентификатор заявки в дневнике.', 'The diary’s id of the request.'),
              schema: { type: 'string', minLength: 1 },
              example: 'ar-1',
            },
          ],
          responses: {
            '200': answer('The state.', ref('schemas', 'AccessRequestState'), {
              open: {
                summary: 'Open',
                value: OPEN_REQUEST,
              },
              resolved: {
                summary: 'Resolved with an account',
                value: {
                  id: 'ar-1',
                  status: 'resolved',
                  resolution: 'Профиль родителя добавлен',
                  userId: '39002',
                },
              },
            }),
            '404': refusal('No such request.', { notFound: ['request_not_found', 'No such access request'] }),
            ...COMMON,
          },
        },
      },
      '/statistics/active-users': {
        get: {
          operationId: 'getActiveUsers',
          tags: ['Capabilities'],
          summary: 'Active users of the diary / Активные пользователи (activeUsers)',
          description: both(
            'Сколько разных учетных записей пользовались дневником за последние `days` дней: по нему консоль ' +
              'оператора показывает долю активных пользователей с привязкой к Госуслугам. Только число, без ' +
              'персональных данных. Шлюз спрашивает не чаще раза в час.',
            'How many distinct accounts used the diary over the last `days` days: the operators’ console shows ' +
              'from it the share of active users linked to Gosuslugi. A number only, no personal data. The ' +
              'gateway asks at most once an hour.',
          ),
          parameters: [
            {
              name: 'days',
              in: 'query',
              required: true,
              description: both('Окно, дней (1–366).', 'The window, days (1–366).'),
              schema: { type: 'integer', minimum: 1, maximum: 366 },
              example: 30,
            },
          ],
          responses: {
            '200': answer('The count.', ref('schemas', 'ActiveUsers'), {
              month: {
                summary: 'The last 30 days',
                value: { days: 30, asOf: '2026-12-07', activeUsers: 18432 },
              },
            }),
            '400': refusal('`days` missing or out of range.', {
              invalid: ['invalid_request', 'days must be an integer from 1 to 366'],
            }),
            ...COMMON,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        ...hmacSecuritySchemes({
          keyId: both(
            'Идентификатор ключа, выданного для экземпляра (`npm run ops -- issue-vendor-key`).',
            'The key id issued for the instance (`npm run ops -- issue-vendor-key`).',
          ),
          timestamp: both('Время Unix в секундах (±300 с).', 'Unix time in seconds (±300 s).'),
          nonce: both(
            '16–64 символа `[A-Za-z0-9_-]`, не повторяется 10 минут.',
            '16–64 characters `[A-Za-z0-9_-]`, never repeated within 10 minutes.',
          ),
          signature: CANONICAL,
        }),
        mutualTLS: {
          type: 'mutualTLS',
          description: both(
            'Вместо HMAC: шлюз предъявляет клиентский сертификат, выданный по договорённости с дневником.',
            'Instead of the HMAC: the gateway presents a client certificate agreed with the diary.',
          ),
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: both(
            'Ключ идемпотентности: `created:<linkId>`/`removed:<linkId>` для уведомлений, `requestId` для заявок.',
            'The idempotency key: `created:<linkId>`/`removed:<linkId>` for notices, the `requestId` for requests.',
          ),
          schema: { type: 'string', minLength: 1, maxLength: 200 },
          example: 'created:2f1c7a52-8d0e-4d43-9a59-0d7c2c1f0b61',
        },
      },
      schemas: {
        Role: ROLE_SCHEMA,
        Organization: {
          type: 'object',
          required: ['id', 'name'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            municipality: { type: 'string' },
            settlement: { type: 'string' },
            type: { type: 'string' },
          },
        },
        Membership: {
          type: 'object',
          required: ['organization', 'role'],
          properties: { organization: ref('schemas', 'Organization'), role: ref('schemas', 'Role') },
        },
        Capabilities: {
          type: 'object',
          required: ['apiVersion', 'abilities'],
          properties: {
            apiVersion: { type: 'string', example: '1.0' },
            abilities: {
              type: 'object',
              additionalProperties: false,
              required: [...API_ABILITIES],
              properties: {
                ...Object.fromEntries(API_ABILITIES.map((name) => [name, { type: 'boolean' }])),
                // Added after 1.0, so optional: a capabilities document without it means "not reported".
                activeUsers: {
                  type: 'boolean',
                  description: both(
                    'Дневник сообщает число активных пользователей (`GET /statistics/active-users`). Нет поля — нет.',
                    'The diary reports its active users (`GET /statistics/active-users`). Absent: it does not.',
                  ),
                },
              },
            },
          },
        },
        PasswordCheckRequest: {
          type: 'object',
          required: ['login', 'password'],
          properties: {
            login: { type: 'string', minLength: 1 },
            password: { type: 'string' },
            organizationId: { type: 'string' },
          },
        },
        PasswordCheck: {
          oneOf: [
            {
              type: 'object',
              required: ['ok', 'userId'],
              properties: { ok: { const: true }, userId: { type: 'string' } },
            },
            {
              type: 'object',
              required: ['ok', 'reason'],
              properties: {
                ok: { const: false },
                reason: {
                  type: 'string',
                  enum: [
                    'bad_credentials',
                    'rate_limited',
                    'password_login_disabled',
                    'account_locked',
                    'organization_not_found',
                  ],
                },
                retryAfterSeconds: { type: 'integer', minimum: 1 },
              },
            },
          ],
        },
        Profile: {
          type: 'object',
          required: [
            'userId',
            'lastName',
            'firstName',
            'middleName',
            'birthDate',
            'snils',
            'roles',
            'locked',
          ],
          properties: {
            userId: { type: 'string' },
            lastName: { type: 'string' },
            firstName: { type: 'string' },
            middleName: { type: ['string', 'null'] },
            birthDate: { type: ['string', 'null'], format: 'date' },
            snils: { type: ['string', 'null'], pattern: '^\\d{3}-\\d{3}-\\d{3} \\d{2}$' },
            roles: { type: 'array', items: ref('schemas', 'Role') },
            locked: { type: 'boolean' },
          },
        },
        Memberships: itemsOf(ref('schemas', 'Membership')),
        Children: itemsOf({
          type: 'object',
          required: ['userId', 'lastName', 'firstName', 'birthDate', 'organization'],
          properties: {
            userId: { type: ['string', 'null'] },
            lastName: { type: 'string' },
            firstName: { type: 'string' },
            birthDate: { type: ['string', 'null'], format: 'date' },
            organization: { oneOf: [ref('schemas', 'Organization'), { type: 'null' }] },
          },
        }),
        SnilsSearch: {
          type: 'object',
          required: ['snils'],
          properties: { snils: { type: 'string', pattern: '^\\d{3}-\\d{3}-\\d{3} \\d{2}$' } },
        },
        SchoolRecords: itemsOf({
          type: 'object',
          required: ['userId', 'birthDate', 'memberships'],
          properties: {
            userId: { type: 'string' },
            birthDate: { type: ['string', 'null'], format: 'date' },
            memberships: { type: 'array', items: ref('schemas', 'Membership') },
          },
        }),
        OrganizationChoices: itemsOf({
          type: 'object',
          required: ['id', 'name'],
          properties: { id: { type: 'string' }, name: { type: 'string' } },
        }),
        LinkNotice: {
          type: 'object',
          required: ['event', 'linkId', 'userId', 'at'],
          properties: {
            event: { type: 'string', enum: ['created', 'removed'] },
            linkId: { type: 'string' },
            userId: { type: 'string' },
            at: { type: 'string', format: 'date-time' },
          },
        },
        LinkNoticeAnswer: {
          type: 'object',
          required: ['outcome'],
          properties: { outcome: { type: 'string', enum: ['recorded', 'already_recorded', 'superseded'] } },
        },
        AccessRequest: {
          type: 'object',
          required: ['requestId', 'organizationId', 'role', 'reason', 'message', 'contact', 'personName'],
          properties: {
            requestId: { type: 'string' },
            organizationId: { type: ['string', 'null'] },
            role: { oneOf: [ref('schemas', 'Role'), { type: 'null' }] },
            reason: { type: 'string', enum: ['organization_missing', 'profile_missing', 'data_mismatch'] },
            message: { type: 'string', maxLength: 2000 },
            contact: { type: 'string' },
            personName: { type: 'string' },
          },
        },
        ActiveUsers: {
          type: 'object',
          required: ['days', 'asOf', 'activeUsers'],
          properties: {
            days: {
              type: 'integer',
              minimum: 1,
              maximum: 366,
              description: both('Окно, дней.', 'The window, days.'),
            },
            asOf: {
              type: 'string',
              format: 'date',
              description: both(
                'Последний день окна (местная дата региона), включительно.',
                'The last day of the window (the region’s local date), inclusive.',
              ),
            },
            activeUsers: {
              type: 'integer',
              minimum: 0,
              description: both(
                'Сколько разных учетных записей входили в дневник хотя бы раз за окно любым способом (пароль, ' +
                  'Госуслуги, мобильное приложение); заблокированные и служебные не считаются.',
                'How many distinct accounts signed in to the diary at least once within the window, any way ' +
                  '(password, Gosuslugi, the mobile app); locked and technical accounts are not counted.',
              ),
            },
          },
        },
        AccessRequestState: {
          type: 'object',
          required: ['id', 'status', 'resolution', 'userId'],
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: ['open', 'resolved', 'rejected'] },
            resolution: { type: ['string', 'null'] },
            userId: { type: ['string', 'null'] },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          description: both(
            'Единая форма отказа. `code` — стабильный код для программ, `message` — пояснение для инженера (не ' +
              'для людей; без персональных данных).',
            'The one refusal shape. `code` is stable, for programs; `message` explains it to an engineer (not ' +
              'shown to people; no personal data).',
          ),
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  enum: [...API_ERROR_CODES],
                },
                message: { type: 'string' },
              },
            },
          },
        },
      },
      responses: {
        Unauthenticated: refusal(
          both(
            'Запрос не аутентифицирован; код называет проверку. Шлюз считает это ошибкой настройки.',
            'The request is not authenticated; the code names the check. The gateway treats it as a configuration fault.',
          ),
          {
            signature: ['signature_invalid', 'The request is not authenticated: signature_invalid'],
            replay: ['nonce_replayed', 'The request is not authenticated: nonce_replayed'],
            clock: ['timestamp_out_of_range', 'The request is not authenticated: timestamp_out_of_range'],
            key: ['unknown_key', 'The request is not authenticated: unknown_key'],
            certificate: ['certificate_refused', 'A client certificate signed by the agreed CA is required'],
          },
        ),
        InvalidRequest: refusal(both('Запрос не соответствует API.', 'The request does not fit the API.'), {
          invalid: ['invalid_request', 'login and password are required strings'],
        }),
        UserNotFound: refusal(both('Такой учетной записи нет.', 'No such account.'), {
          notFound: ['user_not_found', 'No such account'],
        }),
        InternalError: refusal(
          both(
            'Сбой дневника. Шлюз повторит позже (503 — тоже), отказом это не считается.',
            'The diary failed. The gateway retries later (503 too); it is never read as a refusal.',
          ),
          { internal: ['internal_error', 'Internal error'] },
        ),
      },
    },
  };
}

/** The committed file's text: the document, two-space JSON, a final newline. */
export function diaryApiDocumentText(): string {
  return `${JSON.stringify(diaryApiDocument(), null, 2)}\n`;
}
