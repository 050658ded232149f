/**
 * The part of the operators' OpenAPI document about a person's data on request (152-FZ arts. 14 and 21):
 * `POST /persons/export` and `POST /persons/erase`, with their schemas. Merged into OPS_OPENAPI.
 */
import { ROLES } from '../../core/policy.types';
import { record, ref, schema } from '../openapi-parts';

const INSTANT = { type: 'string', format: 'date-time' };
const NULLABLE_INSTANT = { type: ['string', 'null'], format: 'date-time' };
const text = { type: 'string' };
const count = { type: 'integer', minimum: 0 };

const OID = '1000300001';
const USER = '1000000000000000101';
const PSEUDONYM = 'pn:Q2u1Yb7mNfW0sD3kLpXz8rT5vH9jC4eA6gK1oM2iU7w';

const LINK = {
  id: '0c4c8a0e-8d51-4c38-9f6a-2a3f5b7d9e11',
  esiaOid: OID,
  instanceId: 'diary-86',
  legacyUserId: USER,
  method: 'settings-page',
  linkedAt: '2026-04-20T07:15:00.000Z',
  revokedAt: null,
  revokedReason: null,
};
const EXPORT_EXAMPLE = {
  links: [LINK],
  linkEvents: [
    {
      id: '311',
      linkId: LINK.id,
      instanceId: 'diary-86',
      kind: 'linked',
      at: '2026-04-20T07:15:00.000Z',
      details: { method: 'settings-page' },
    },
  ],
  accessRequests: [],
  exemptions: [],
  notices: [
    {
      id: '95',
      instanceId: 'diary-86',
      topic: 'link.created',
      createdAt: '2026-04-20T07:15:00.000Z',
      deliveredAt: '2026-04-20T07:15:02.000Z',
    },
  ],
  operator: null,
  query: { esiaOid: OID },
  pseudonym: PSEUDONYM,
  generatedAt: '2026-05-01T10:00:00.000Z',
  regions: ['86'],
  identifiers: { esiaOids: [OID], accounts: [{ instanceId: 'diary-86', userId: USER }] },
  instances: { 'diary-86': { name: 'Электронный дневник', tenantId: '86' } },
  sharedStore: [
    {
      family: 'sess:<id>',
      fields: ['person.oid', 'person.displayName'],
      expiresAt: '2026-05-01T10:30:00.000Z',
    },
  ],
  pseudonymised: { links: 0, accessRequests: 0, exemptions: 0, linkEvents: 0 },
  periods: { accessRequestDays: 30, outboxDays: 7, revokedLinkDays: 365, exemptionDays: 90 },
};
const ERASURE_EXAMPLE = {
  query: { esiaOid: OID },
  pseudonym: PSEUDONYM,
  at: '2026-05-02T09:00:00.000Z',
  reason: 'заявление № 12 от 30.04.2026',
  regions: ['86'],
  revokedLinks: 1,
  revokedExemptions: 0,
  closedRequests: 0,
  pseudonymisedLinks: 1,
  redactedRequests: 0,
  redactedExemptions: 0,
  redactedEvents: 0,
  deletedNotices: 1,
  pendingNotices: 1,
  sharedStoreRecords: 1,
  requestsHeldByDiaries: 0,
  keptOperatorRecord: false,
};
const SUMMARY_EXAMPLE =
  'Сведения о персональных данных: учётная запись портала Госуслуг (ЕСИА) 1000300001\n' +
  'Составлено 01.05.2026, 13:00 МСК по данным регионов 86.\n\nПривязки к дневникам: 1\n  — …';

/** The schemas of this part. */
export const PERSON_SCHEMAS = {
  PersonQuery: {
    description:
      'Whom the request is about: an ESIA person (by oid), or one diary account. `reason` names the request ' +
      '(its number and date, never a name); it is kept in the admin audit.',
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['esiaOid'],
        properties: { esiaOid: { type: 'string', description: 'The ESIA oid.' }, reason: text },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['instanceId', 'userId'],
        properties: {
          instanceId: { type: 'string', description: 'A diary instance of your regions.' },
          userId: { type: 'string', description: 'The account in that diary.' },
          reason: text,
        },
      },
    ],
  },
  PersonErase: {
    description: 'As PersonQuery; `reason` is required.',
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['esiaOid', 'reason'],
        properties: { esiaOid: text, reason: { type: 'string', minLength: 1 } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['instanceId', 'userId', 'reason'],
        properties: { instanceId: text, userId: text, reason: { type: 'string', minLength: 1 } },
      },
    ],
  },
  PersonQueryEcho: {
    description: 'The query as it was understood.',
    oneOf: [record({ esiaOid: text }), record({ instanceId: text, userId: text })],
  },
  PersonExport: record(
    {
      links: {
        type: 'array',
        items: record({
          id: text,
          esiaOid: text,
          instanceId: text,
          legacyUserId: text,
          method: { type: 'string', enum: ['settings-page', 'diary-password', 'snils-match', 'operator'] },
          linkedAt: INSTANT,
          revokedAt: NULLABLE_INSTANT,
          revokedReason: { type: ['string', 'null'] },
        }),
      },
      linkEvents: {
        type: 'array',
        items: record({
          id: text,
          linkId: { type: ['string', 'null'] },
          instanceId: text,
          kind: { type: 'string', enum: ['linked', 'revoked', 'conflict'] },
          at: INSTANT,
          details: { type: 'object', description: 'Identifiers and reasons, never names.' },
        }),
      },
      accessRequests: {
        type: 'array',
        items: record({
          id: text,
          instanceId: text,
          organizationId: text,
          role: { type: 'string', enum: [...ROLES] },
          reason: { type: 'string', enum: ['organization_missing', 'profile_missing', 'data_mismatch'] },
          message: text,
          contact: text,
          esiaOid: { type: ['string', 'null'] },
          name: { type: ['string', 'null'], description: 'The requester as ESIA named them.' },
          status: { type: 'string', enum: ['open', 'resolved', 'rejected'] },
          resolution: { type: ['string', 'null'] },
          createdAt: INSTANT,
          resolvedAt: NULLABLE_INSTANT,
          heldByDiary: { type: 'boolean', description: "A copy is in the diary's own queue." },
        }),
      },
      exemptions: {
        type: 'array',
        items: record({
          id: text,
          tenantId: text,
          instanceId: text,
          legacyUserId: text,
          reason: text,
          expiresAt: NULLABLE_INSTANT,
          revokedAt: NULLABLE_INSTANT,
          createdAt: INSTANT,
        }),
      },
      notices: {
        type: 'array',
        items: record({
          id: text,
          instanceId: text,
          topic: text,
          createdAt: INSTANT,
          deliveredAt: NULLABLE_INSTANT,
        }),
      },
      operator: {
        oneOf: [
          { type: 'null' },
          record(
            {
              displayName: text,
              role: { type: 'string', enum: ['viewer', 'editor'] },
              tenantIds: { type: 'array', items: text },
              createdAt: INSTANT,
              disabledAt: NULLABLE_INSTANT,
            },
            'The person is also a console operator (staff data).',
          ),
        ],
      },
      query: schema('PersonQueryEcho'),
      pseudonym: { type: 'string', description: 'How the admin audit names the person.' },
      generatedAt: INSTANT,
      regions: { type: 'array', items: text, description: 'The regions searched: the token’s.' },
      identifiers: record({
        esiaOids: { type: 'array', items: text },
        accounts: { type: 'array', items: record({ instanceId: text, userId: text }) },
      }),
      instances: {
        type: 'object',
        description: 'The diary instances that appear, by id.',
        additionalProperties: record({ name: text, tenantId: text }),
      },
      sharedStore: {
        type: 'array',
        description: 'Records in the shared store (sessions, one-time values) that name the person.',
        items: record({
          family: text,
          fields: { type: 'array', items: text },
          expiresAt: NULLABLE_INSTANT,
        }),
      },
      pseudonymised: record(
        { links: count, accessRequests: count, exemptions: count, linkEvents: count },
        'Rows that hold only the person’s pseudonyms (retention or an earlier erasure).',
      ),
      periods: record(
        { accessRequestDays: count, outboxDays: count, revokedLinkDays: count, exemptionDays: count },
        'The retention periods in force (docs/personal-data.md).',
      ),
    },
    'Everything the gateway holds about the person in the token’s regions.',
  ),
  Erasure: record(
    {
      query: schema('PersonQueryEcho'),
      pseudonym: text,
      at: INSTANT,
      reason: text,
      regions: { type: 'array', items: text, description: 'The regions whose rows changed.' },
      revokedLinks: count,
      revokedExemptions: count,
      closedRequests: count,
      pseudonymisedLinks: count,
      redactedRequests: count,
      redactedExemptions: count,
      redactedEvents: count,
      deletedNotices: count,
      pendingNotices: {
        ...count,
        description: 'Unlink notices still to reach a diary; deleted once delivered.',
      },
      sharedStoreRecords: count,
      requestsHeldByDiaries: {
        ...count,
        description: "Requests whose copy is the diary operator's to delete.",
      },
      keptOperatorRecord: {
        type: 'boolean',
        description: 'The console-operator record is staff data, kept.',
      },
    },
    'What the erasure did, by kind: what the act of destruction lists.',
  ),
};

const PERSON_ANSWERS = {
  '400': ref('MalformedRequest'),
  '401': ref('Unauthenticated'),
  '403': ref('ViewerCannotChange'),
  '404': ref('NotFound'),
  '413': ref('PayloadTooLarge'),
  '415': ref('UnsupportedMediaType'),
  '500': ref('InternalError'),
  '503': ref('Unavailable'),
};

/** The paths of this part. */
export const PERSON_PATHS = {
  '/persons/export': {
    post: {
      operationId: 'exportPerson',
      tags: ['Persons'],
      summary: "Everything held about a person in the token's regions (152-FZ art. 14)",
      description:
        'As JSON and as a Russian summary with the purposes, legal bases and retention periods of the data map. ' +
        'A POST so that no identifier lands in an address or a log. Editors only; audited as `person.exported` ' +
        '(the person named by pseudonym only).',
      security: [{ bearer: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: schema('PersonQuery'),
            examples: {
              esia: {
                summary: 'By ESIA oid',
                value: { esiaOid: OID, reason: 'заявление № 12 от 30.04.2026' },
              },
              account: { summary: 'By diary account', value: { instanceId: 'diary-86', userId: USER } },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The export and its summary.',
          content: {
            'application/json': {
              schema: record({ export: schema('PersonExport'), summary: text }),
              examples: { found: { value: { export: EXPORT_EXAMPLE, summary: SUMMARY_EXAMPLE } } },
            },
          },
        },
        ...PERSON_ANSWERS,
      },
    },
  },
  '/persons/erase': {
    post: {
      operationId: 'erasePerson',
      tags: ['Persons'],
      summary: "Erase a person's data in the token's regions (152-FZ art. 21)",
      description:
        'Revokes the active links (the diaries are told through the outbox; those notices are deleted once ' +
        'delivered), ends exemptions, closes open requests, then pseudonymises or removes every personal field ' +
        'and deletes the shared-store records naming the person. Editors only; audited as `person.erased`.',
      security: [{ bearer: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: schema('PersonErase'),
            examples: { esia: { value: { esiaOid: OID, reason: 'заявление № 12 от 30.04.2026' } } },
          },
        },
      },
      responses: {
        '200': {
          description: 'What was erased, and its summary.',
          content: {
            'application/json': {
              schema: record({ erasure: schema('Erasure'), summary: text }),
              examples: {
                erased: {
                  value: {
                    erasure: ERASURE_EXAMPLE,
                    summary:
                      'Удаление персональных данных: учётная запись портала Госуслуг (ЕСИА) 1000300001\n…',
                  },
                },
              },
            },
          },
        },
        ...PERSON_ANSWERS,
      },
    },
  },
};
