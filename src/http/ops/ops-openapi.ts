import { DEFAULT_MINIMUM_AGE, POLICY_MODES, ROLES } from '../../core/policy.types';
import { ValidationError } from '../../core/errors';
import {
  OperatorForbiddenError,
  OperatorUnauthenticatedError,
  OpsNotFoundError,
  PolicyInvalidError,
  PolicyRequiredError,
} from '../../core/policy.errors';
import { COMMON_ERROR_RESPONSES, ERROR_SCHEMA, errorResponse } from '../error-json.openapi';
import { documentOperation, json, record, ref, schema } from '../openapi-parts';
import { PERSON_PATHS, PERSON_SCHEMAS } from './ops-openapi.person';

/**
 * The OpenAPI 3.1 description of /api/ops/v1 (served at /api/ops/v1/openapi.json). Held to the same tools as
 * the vendor document: Redocly in `npm run lint`, the route comparison and the generated client in the tests.
 */

const BEARER = [{ bearer: [] }];

const TENANT = {
  name: 'tenantId',
  in: 'path',
  required: true,
  description: "The region's id (its code, e.g. 86 for Khanty-Mansi); within the token's regions.",
  schema: { type: 'string' },
  example: '86',
};
const changeId = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what}'s id, as the region answer lists it.`,
  schema: { type: 'string' },
  example: '17',
});

/** The answers every operation with a token can give. */
const AUTHENTICATED = {
  '401': ref('Unauthenticated'),
  '500': ref('InternalError'),
  '503': ref('Unavailable'),
};
/** … and every operation within one region. */
const IN_REGION = { '400': ref('MalformedRequest'), '404': ref('NotFound'), ...AUTHENTICATED };
/** … and every change an editor makes (with a JSON body). */
const CHANGE = {
  ...IN_REGION,
  '403': ref('ViewerCannotChange'),
  '413': ref('PayloadTooLarge'),
  '415': ref('UnsupportedMediaType'),
  '422': ref('PolicyInvalid'),
};

type Examples = Record<string, { summary?: string; value: unknown }>;

const withBody = (body: object, examples: Examples) => ({
  requestBody: { required: true, content: json(body, examples) },
});

const REASON = { type: 'string', minLength: 1, description: 'Why; required, kept in the audit log.' };

/** An answer that is one object under `key` (`{"bypass": {…}}`), with its examples. */
const wrapped = (description: string, key: string, schemaName: string, examples: Examples) => ({
  description,
  content: json(record({ [key]: schema(schemaName) }), examples),
});

/** How an override is ended early: the field set to now, its name in the id's description, its schema. */
const OVERRIDES = {
  bypass: { stamp: 'endedAt', what: 'bypass window', schemaName: 'Bypass' },
  exemption: { stamp: 'revokedAt', what: 'exemption', schemaName: 'Exemption' },
} as const;

/**
 * `POST …/{id}/end` and `…/revoke`: an editor ends a bypass window or an exemption now, saying why. `reason`
 * is the request's example (its name, the reason); `answer` the answer's description, its example's name and
 * the ended record.
 */
const endOverride = (
  key: keyof typeof OVERRIDES,
  operationId: string,
  summary: string,
  p: { reason: [string, string]; answer: [string, string, object] },
) => {
  const { stamp, what, schemaName } = OVERRIDES[key];
  const [example, reason] = p.reason;
  const [answer, answerExample, ended] = p.answer;
  return {
    post: {
      operationId,
      tags: ['Overrides'],
      summary,
      description: `Sets \`${stamp}\` to now; audited with the reason. Editors only.`,
      security: BEARER,
      parameters: [TENANT, changeId(what)],
      ...withBody(
        { type: 'object', required: ['reason'], properties: { reason: REASON } },
        { [example]: { value: { reason } } },
      ),
      responses: {
        '200': wrapped(answer, key, schemaName, { [answerExample]: { value: { [key]: ended } } }),
        ...CHANGE,
      },
    },
  };
};

const INSTANT = { type: 'string', format: 'date-time' };
const NULLABLE_INSTANT = { type: ['string', 'null'], format: 'date-time' };

const SETTINGS_EXAMPLE = {
  timeZone: 'Asia/Yekaterinburg',
  mode: 'enforce',
  announceDate: '2026-05-01',
  cutoverDate: '2026-09-01',
  warnDays: 30,
  minimumAge: DEFAULT_MINIMUM_AGE,
  roles: [...ROLES],
  unknownBirthDateRule: 'deny',
};
const STORED_POLICY_EXAMPLE = {
  id: '42',
  tenantId: '86',
  instanceId: null,
  version: 3,
  createdAt: '2026-04-20T07:15:00.000Z',
  createdBy: 'token:ot_7YkqgR2c',
  ...SETTINGS_EXAMPLE,
};
const BYPASS_EXAMPLE = {
  id: '17',
  tenantId: '86',
  instanceId: null,
  startsAt: '2026-09-02T05:00:00.000Z',
  endsAt: '2026-09-02T11:00:00.000Z',
  endedAt: null,
  reason: 'ESIA outage',
  createdBy: 'token:ot_7YkqgR2c',
};
const EXEMPTION_EXAMPLE = {
  id: '5',
  tenantId: '86',
  instanceId: 'diary-86',
  legacyUserId: '100234',
  reason: 'no passport yet',
  expiresAt: '2026-12-31T19:00:00.000Z',
  revokedAt: null,
  createdBy: 'token:ot_7YkqgR2c',
};
const REGION_EXAMPLE = {
  id: '86',
  name: 'Ханты-Мансийский автономный округ — Югра',
  timeZone: 'Asia/Yekaterinburg',
  mode: 'enforce',
  cutoverDate: '2026-09-01',
  daysLeft: 12,
  version: 3,
  instances: [{ id: 'diary-86', displayName: 'Электронный дневник' }],
};

const ROLE_LIST = { type: 'array', items: { type: 'string', enum: [...ROLES] } };
const SETTINGS_PROPERTIES = {
  timeZone: { type: 'string', description: 'IANA zone of the region; dates are local dates there.' },
  mode: { type: 'string', enum: [...POLICY_MODES] },
  announceDate: { type: ['string', 'null'], format: 'date' },
  cutoverDate: { type: ['string', 'null'], format: 'date' },
  warnDays: { type: 'integer', minimum: 0, maximum: 366 },
  minimumAge: { type: 'integer', minimum: 0, maximum: 18 },
  roles: ROLE_LIST,
  unknownBirthDateRule: { type: 'string', enum: ['deny', 'allow'] },
};

/** The document served at `GET /api/ops/v1/openapi.json`. */
export const OPS_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'ESIA Link Gateway: operators API',
    version: '1.0.0',
    description:
      "The operators' console as an API: regions, the cutover policy (preview, then apply), bypass windows, " +
      "exemptions, readiness, the audit log, and a person's data on request (export, erasure). Every operation " +
      'takes a bearer token from ' +
      '`npm run ops -- issue-token`, scoped to regions and to a role (viewer reads, editor also changes). ' +
      'Regions outside the token are answered as not found. Refusals and failures answer ' +
      '`{"error": {"code", "message", "reference"}}` with a stable `code`.',
    contact: { name: 'The regional education ministry that runs this gateway' },
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/api/ops/v1', description: 'This gateway' }],
  tags: [
    { name: 'Regions', description: 'Regions in scope and their status.' },
    { name: 'Policy', description: 'The cutover policy of a region: preview a change, then apply it.' },
    { name: 'Overrides', description: 'Bypass windows (an ESIA outage) and per-account exemptions.' },
    { name: 'Reports', description: 'Readiness by day and the audit log.' },
    {
      name: 'Persons',
      description: "A person's data on request (152-FZ arts. 14 and 21): export and erasure, editors only.",
    },
    { name: 'Document', description: 'This description.' },
  ],
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          '`Authorization: Bearer <keyId>.<secret>`, as `npm run ops -- issue-token` prints it once.',
      },
    },
    schemas: {
      Error: ERROR_SCHEMA,
      PolicySettings: {
        type: 'object',
        additionalProperties: false,
        required: Object.keys(SETTINGS_PROPERTIES),
        properties: SETTINGS_PROPERTIES,
      },
      PolicyChange: {
        type: 'object',
        description:
          'Only the fields to change; the others keep their current value. `instanceId` targets one diary ' +
          "instance's policy instead of the region's.",
        properties: {
          ...SETTINGS_PROPERTIES,
          instanceId: {
            type: 'string',
            description: "A diary instance of the region, for that instance's policy.",
          },
        },
      },
      PolicyApply: {
        type: 'object',
        required: ['reason'],
        properties: {
          ...SETTINGS_PROPERTIES,
          instanceId: { type: 'string' },
          reason: REASON,
        },
      },
      StoredPolicy: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'tenantId',
          'instanceId',
          'version',
          'createdAt',
          'createdBy',
          ...Object.keys(SETTINGS_PROPERTIES),
        ],
        properties: {
          id: { type: 'string' },
          tenantId: { type: 'string' },
          instanceId: { type: ['string', 'null'] },
          version: { type: 'integer', minimum: 1 },
          createdAt: INSTANT,
          createdBy: { type: 'string' },
          ...SETTINGS_PROPERTIES,
        },
      },
      Problem: ERROR_SCHEMA.properties.error.properties.problems.items,
      PolicyImpact: {
        type: 'object',
        additionalProperties: false,
        required: [
          'unlinkedAdults',
          'activeLinks',
          'wouldDenyLast7Days',
          'passwordLoginsLast7Days',
          'from',
          'to',
        ],
        properties: {
          unlinkedAdults: {
            type: ['integer', 'null'],
            description:
              'Always null: the gateway holds no rosters, so people without a link cannot be counted.',
          },
          activeLinks: { type: 'integer', minimum: 0 },
          wouldDenyLast7Days: { type: 'integer', minimum: 0 },
          passwordLoginsLast7Days: { type: 'integer', minimum: 0 },
          from: { type: 'string', format: 'date' },
          to: { type: 'string', format: 'date' },
        },
      },
      PolicyPreview: {
        type: 'object',
        additionalProperties: false,
        required: ['before', 'after', 'problems', 'impact'],
        properties: {
          before: schema('PolicySettings'),
          after: schema('PolicySettings'),
          problems: {
            type: 'array',
            items: schema('Problem'),
            description: 'Empty when the change can be applied.',
          },
          impact: schema('PolicyImpact'),
        },
      },
      RegionStatus: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'timeZone', 'mode', 'cutoverDate', 'daysLeft', 'version', 'instances'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          timeZone: { type: 'string' },
          mode: SETTINGS_PROPERTIES.mode,
          cutoverDate: { type: ['string', 'null'], format: 'date' },
          daysLeft: { type: ['integer', 'null'], minimum: 0 },
          version: {
            type: ['integer', 'null'],
            description: "The region policy's version; null: never set.",
          },
          instances: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'displayName'],
              properties: { id: { type: 'string' }, displayName: { type: 'string' } },
            },
          },
        },
      },
      Bypass: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenantId', 'instanceId', 'startsAt', 'endsAt', 'endedAt', 'reason', 'createdBy'],
        properties: {
          id: { type: 'string' },
          tenantId: { type: 'string' },
          instanceId: { type: ['string', 'null'] },
          startsAt: INSTANT,
          endsAt: { ...INSTANT, description: 'Exclusive.' },
          endedAt: { ...NULLABLE_INSTANT, description: 'Set when an operator ended the window early.' },
          reason: { type: 'string' },
          createdBy: { type: 'string' },
        },
      },
      Exemption: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'tenantId',
          'instanceId',
          'legacyUserId',
          'reason',
          'expiresAt',
          'revokedAt',
          'createdBy',
        ],
        properties: {
          id: { type: 'string' },
          tenantId: { type: 'string' },
          instanceId: { type: 'string' },
          legacyUserId: { type: 'string', description: 'The diary account.' },
          reason: { type: 'string' },
          expiresAt: { ...NULLABLE_INSTANT, description: 'Null: until revoked.' },
          revokedAt: NULLABLE_INSTANT,
          createdBy: { type: 'string' },
        },
      },
      ReadinessDay: {
        type: 'object',
        additionalProperties: false,
        required: [
          'day',
          'activeLinks',
          'esiaSignIns',
          'passwordLogins',
          'esiaShare',
          'wouldDeny',
          'warned',
          'refusals',
          'links',
          'unlinks',
          'accessRequests',
          'activeUsers',
          'activeUsersLinkedShare',
        ],
        properties: {
          day: { type: 'string', format: 'date', description: 'A local date of the region.' },
          activeLinks: { type: 'integer', minimum: 0, description: 'Active links at the end of the day.' },
          esiaSignIns: {
            type: 'integer',
            minimum: 0,
            description: 'Completed sign-ins through Gosuslugi, counted when the diary got its answer.',
          },
          passwordLogins: {
            type: 'integer',
            minimum: 0,
            description:
              "Password sign-ins through the gateway's form and decisions that let a vendor's form go on.",
          },
          esiaShare: {
            type: ['number', 'null'],
            minimum: 0,
            maximum: 1,
            description: 'Share of sign-ins through Gosuslugi; null on a day without sign-ins.',
          },
          wouldDeny: { type: 'integer', minimum: 0, description: 'Refused plus counted in shadow mode.' },
          warned: { type: 'integer', minimum: 0 },
          refusals: {
            type: 'integer',
            minimum: 0,
            description: 'Password logins refused by the policy and links refused at the gateway.',
          },
          links: { type: 'integer', minimum: 0, description: 'Links made that day.' },
          unlinks: { type: 'integer', minimum: 0, description: 'Links removed that day.' },
          accessRequests: { type: 'integer', minimum: 0, description: 'Access requests sent that day.' },
          activeUsers: {
            type: ['integer', 'null'],
            minimum: 0,
            description:
              "Active users over 30 days as the region's diaries reported them that day (diary API " +
              'GET /statistics/active-users); null when none of them reports it.',
          },
          activeUsersLinkedShare: {
            type: ['number', 'null'],
            minimum: 0,
            maximum: 1,
            description:
              'Active links of the diaries that reported, over their active users (at most 1; links of accounts ' +
              'not active in the window count too, so an upper bound); null when no diary reports.',
          },
        },
      },
      AuditEntry: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenantId', 'instanceId', 'changedBy', 'changedAt', 'reason', 'before', 'after'],
        properties: {
          id: { type: 'string' },
          tenantId: { type: 'string' },
          instanceId: { type: ['string', 'null'] },
          changedBy: { type: 'string' },
          changedAt: INSTANT,
          reason: { type: 'string' },
          before: {
            type: ['object', 'null'],
            description: 'The record before the change; null for a new one.',
          },
          after: { type: 'object', description: 'The record after the change.' },
        },
      },
      ...PERSON_SCHEMAS,
    },
    responses: {
      Unauthenticated: errorResponse('No token, or a token that is unknown, expired or revoked.', [
        new OperatorUnauthenticatedError(),
      ]),
      ViewerCannotChange: errorResponse('The token is a viewer: only an editor changes anything.', [
        new OperatorForbiddenError(),
      ]),
      NotFound: errorResponse(
        "The region, instance, bypass window or exemption does not exist, or lies outside the token's regions.",
        [new OpsNotFoundError()],
      ),
      MalformedRequest: errorResponse(
        'Malformed JSON, an instant that is not ISO 8601, or a path with broken percent-encoding; `issues` says which.',
        [new ValidationError(['endsAt: expected an ISO 8601 instant'])],
      ),
      PolicyRequired: errorResponse('The region has no cutover policy yet: set one first.', [
        new PolicyRequiredError(),
      ]),
      PolicyInvalid: errorResponse(
        'The change would make the policy invalid: every problem is listed; nothing saved.',
        [
          new PolicyInvalidError([
            { field: 'cutoverDate', code: 'invalid_date', message: 'expected a date YYYY-MM-DD' },
          ]),
        ],
      ),
      ...COMMON_ERROR_RESPONSES,
    },
  },
  paths: {
    '/regions': {
      get: {
        operationId: 'listRegions',
        tags: ['Regions'],
        summary: "The token's regions",
        description:
          'Every region the token covers, with its mode, cutover date, days left and diary instances.',
        security: BEARER,
        responses: {
          '200': {
            description: 'The regions, by id.',
            content: json(record({ regions: { type: 'array', items: schema('RegionStatus') } }), {
              regions: { value: { regions: [REGION_EXAMPLE] } },
            }),
          },
          ...AUTHENTICATED,
        },
      },
    },
    '/regions/{tenantId}': {
      get: {
        operationId: 'getRegion',
        tags: ['Regions'],
        summary: 'One region: status, policy, bypass windows and exemptions',
        description:
          "The region's status, its current policy settings, its latest bypass windows and exemptions.",
        security: BEARER,
        parameters: [TENANT],
        responses: {
          '200': {
            description: 'The region.',
            content: json(
              {
                type: 'object',
                additionalProperties: false,
                required: ['region', 'policy', 'bypasses', 'exemptions'],
                properties: {
                  region: schema('RegionStatus'),
                  policy: schema('PolicySettings'),
                  bypasses: { type: 'array', items: schema('Bypass') },
                  exemptions: { type: 'array', items: schema('Exemption') },
                },
              },
              {
                region: {
                  value: {
                    region: REGION_EXAMPLE,
                    policy: SETTINGS_EXAMPLE,
                    bypasses: [BYPASS_EXAMPLE],
                    exemptions: [EXEMPTION_EXAMPLE],
                  },
                },
              },
            ),
          },
          ...IN_REGION,
        },
      },
    },
    '/regions/{tenantId}/policy/preview': {
      post: {
        operationId: 'previewPolicy',
        tags: ['Policy'],
        summary: 'Step one: the policy after a change, its problems and who it would refuse',
        description:
          'Nothing is saved. Answers the settings before and after the change, every problem of the result ' +
          '(empty when it can be applied) and its impact over the last 7 days. Editors only.',
        security: BEARER,
        parameters: [TENANT],
        ...withBody(schema('PolicyChange'), {
          enforce: {
            summary: 'Move the cutover date and enforce',
            value: { cutoverDate: '2026-09-01', mode: 'enforce' },
          },
        }),
        responses: {
          '200': {
            description: 'The preview.',
            content: json(schema('PolicyPreview'), {
              preview: {
                value: {
                  before: { ...SETTINGS_EXAMPLE, mode: 'announce' },
                  after: SETTINGS_EXAMPLE,
                  problems: [],
                  impact: {
                    unlinkedAdults: null,
                    activeLinks: 5230,
                    wouldDenyLast7Days: 812,
                    passwordLoginsLast7Days: 10442,
                    from: '2026-08-13',
                    to: '2026-08-19',
                  },
                },
              },
            }),
          },
          ...CHANGE,
        },
      },
    },
    '/regions/{tenantId}/policy': {
      put: {
        operationId: 'applyPolicy',
        tags: ['Policy'],
        summary: 'Step two: apply a change',
        description:
          'Validated again, saved as a new version with the reason in the audit log, and announced to every ' +
          'gateway process. Editors only.',
        security: BEARER,
        parameters: [TENANT],
        ...withBody(schema('PolicyApply'), {
          enforce: {
            value: { cutoverDate: '2026-09-01', mode: 'enforce', reason: 'приказ № 123 от 01.04.2026' },
          },
        }),
        responses: {
          '200': wrapped('The saved policy.', 'policy', 'StoredPolicy', {
            saved: { value: { policy: STORED_POLICY_EXAMPLE } },
          }),
          ...CHANGE,
        },
      },
    },
    '/regions/{tenantId}/bypasses': {
      post: {
        operationId: 'declareBypass',
        tags: ['Overrides'],
        summary: 'Declare a bypass window: password login allowed to everyone',
        description:
          'From now (or `startsAt`) to `endsAt`, for the region or one diary instance; for an ESIA outage. ' +
          'The region needs a policy first. Editors only.',
        security: BEARER,
        parameters: [TENANT],
        ...withBody(
          {
            type: 'object',
            required: ['endsAt', 'reason'],
            properties: {
              startsAt: { ...INSTANT, description: 'Default: now.' },
              endsAt: { ...INSTANT, description: 'Exclusive.' },
              reason: REASON,
              instanceId: { type: 'string', description: 'One diary instance instead of the region.' },
            },
          },
          { outage: { value: { endsAt: '2026-09-02T11:00:00Z', reason: 'ESIA outage' } } },
        ),
        responses: {
          '201': wrapped('The window.', 'bypass', 'Bypass', {
            declared: { value: { bypass: BYPASS_EXAMPLE } },
          }),
          '409': ref('PolicyRequired'),
          ...CHANGE,
        },
      },
    },
    '/regions/{tenantId}/bypasses/{id}/end': endOverride('bypass', 'endBypass', 'End a bypass window now', {
      reason: ['back', 'ESIA is back'],
      answer: ['The ended window.', 'ended', { ...BYPASS_EXAMPLE, endedAt: '2026-09-02T08:30:00.000Z' }],
    }),
    '/regions/{tenantId}/exemptions': {
      post: {
        operationId: 'addExemption',
        tags: ['Overrides'],
        summary: 'Exempt a diary account from the policy',
        description:
          'The account keeps its password login until `expiresAt` (or until revoked). The region needs a ' +
          'policy first. Editors only.',
        security: BEARER,
        parameters: [TENANT],
        ...withBody(
          {
            type: 'object',
            required: ['instanceId', 'userId', 'reason'],
            properties: {
              instanceId: { type: 'string', description: 'A diary instance of the region.' },
              userId: { type: 'string', description: 'The diary account.' },
              reason: REASON,
              expiresAt: { ...INSTANT, description: 'Exclusive; omit for "until revoked".' },
            },
          },
          {
            exempt: {
              value: {
                instanceId: 'diary-86',
                userId: '100234',
                reason: 'no passport yet',
                expiresAt: '2026-12-31T19:00:00Z',
              },
            },
          },
        ),
        responses: {
          '201': wrapped('The exemption.', 'exemption', 'Exemption', {
            added: { value: { exemption: EXEMPTION_EXAMPLE } },
          }),
          '409': ref('PolicyRequired'),
          ...CHANGE,
        },
      },
    },
    '/regions/{tenantId}/exemptions/{id}/revoke': endOverride(
      'exemption',
      'revokeExemption',
      'Revoke an exemption',
      {
        reason: ['done', 'passport received'],
        answer: [
          'The revoked exemption.',
          'revoked',
          { ...EXEMPTION_EXAMPLE, revokedAt: '2026-10-01T06:00:00.000Z' },
        ],
      },
    ),
    '/regions/{tenantId}/readiness': {
      get: {
        operationId: 'getReadiness',
        tags: ['Reports'],
        summary: 'Readiness by day: links, sign-ins, password logins, would-deny',
        description:
          'The last `days` local days of the region (or of one instance), from aggregates only. `format=csv` ' +
          'answers CSV instead of JSON.',
        security: BEARER,
        parameters: [
          TENANT,
          {
            name: 'days',
            in: 'query',
            description: 'How many days back, 1–366; other values become 30.',
            schema: { type: 'integer', minimum: 1, maximum: 366, default: 30 },
            example: 14,
          },
          {
            name: 'instance',
            in: 'query',
            description: 'One diary instance of the region.',
            schema: { type: 'string' },
            example: 'diary-86',
          },
          {
            name: 'format',
            in: 'query',
            description: '`csv` for CSV; anything else is JSON.',
            schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
          },
        ],
        responses: {
          '200': {
            description: 'One row per day, oldest first.',
            content: {
              ...json(record({ days: { type: 'array', items: schema('ReadinessDay') } }), {
                days: {
                  value: {
                    days: [
                      {
                        day: '2026-08-19',
                        activeLinks: 5230,
                        esiaSignIns: 1804,
                        passwordLogins: 1460,
                        esiaShare: 0.5527,
                        wouldDeny: 120,
                        warned: 980,
                        refusals: 120,
                        links: 212,
                        unlinks: 3,
                        accessRequests: 14,
                        activeUsers: 18432,
                        activeUsersLinkedShare: 0.2837,
                      },
                    ],
                  },
                },
              }),
              'text/csv': {
                schema: { type: 'string' },
                example:
                  'day,active_links,esia_sign_ins,password_logins,esia_share,would_deny,warned,refusals,links,unlinks,access_requests\n' +
                  '2026-08-19,5230,1804,1460,0.5527,120,980,120,212,3,14\n',
              },
            },
          },
          ...IN_REGION,
        },
      },
    },
    '/audit': {
      get: {
        operationId: 'listAudit',
        tags: ['Reports'],
        summary: "The audit log of the token's regions",
        description: 'Every change to policies, bypass windows and exemptions, newest first (at most 100).',
        security: BEARER,
        parameters: [
          {
            name: 'tenant',
            in: 'query',
            description: 'One region.',
            schema: { type: 'string' },
            example: '86',
          },
          {
            name: 'by',
            in: 'query',
            description: 'Who changed it, exactly as recorded.',
            schema: { type: 'string' },
            example: 'token:ot_7YkqgR2c',
          },
          { name: 'from', in: 'query', description: 'From this instant (inclusive).', schema: INSTANT },
          { name: 'to', in: 'query', description: 'Before this instant.', schema: INSTANT },
          {
            name: 'q',
            in: 'query',
            description: 'Text the reason contains (case-insensitive).',
            schema: { type: 'string' },
            example: 'приказ',
          },
        ],
        responses: {
          '200': {
            description: 'The entries.',
            content: json(record({ entries: { type: 'array', items: schema('AuditEntry') } }), {
              entries: {
                value: {
                  entries: [
                    {
                      id: '311',
                      tenantId: '86',
                      instanceId: null,
                      changedBy: 'token:ot_7YkqgR2c',
                      changedAt: '2026-04-20T07:15:00.000Z',
                      reason: 'приказ № 123 от 01.04.2026',
                      before: { ...SETTINGS_EXAMPLE, mode: 'announce' },
                      after: SETTINGS_EXAMPLE,
                    },
                  ],
                },
              },
            }),
          },
          '400': ref('MalformedRequest'),
          '404': ref('NotFound'),
          ...AUTHENTICATED,
        },
      },
    },
    ...PERSON_PATHS,
    '/openapi.json': documentOperation({
      operationId: 'getOpsOpenApi',
      summary: 'This document',
      description: 'The operators API as OpenAPI 3.1; public (no token).',
      answer: 'This document.',
      example: { openapi: '3.1.0', info: { title: 'ESIA Link Gateway: operators API' }, paths: {} },
    }),
  },
} as const;
