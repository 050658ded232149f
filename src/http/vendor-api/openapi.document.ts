import { ROLES } from '../../core/policy.types';
import { NotFoundError, RateLimitedError, ReplayedRequestError, ValidationError } from '../../core/errors';
import { InstanceForbiddenError } from '../../services/linking.errors';
import { COMMON_ERROR_RESPONSES, ERROR_SCHEMA, errorResponse } from '../error-json.openapi';
import { documentOperation, json, ref } from '../openapi-parts';
import { hmacSecuritySchemes } from './hmac-security.openapi';
import { VendorAuthError, type VendorAuthFailure } from './vendor-auth.errors';
import { TIMESTAMP_TOLERANCE_SECONDS } from './vendor-auth.middleware';

/**
 * The vendor API as OpenAPI 3.1, written by hand from docs/vendor-api.md (the protocol vendors implement
 * against). Held to third-party tools: `npm run lint` runs Redocly on it (redocly.yaml), a test compares its
 * paths with the routes the app serves (test/integration/openapi-routes.test.ts), and a test generates a typed
 * client from it with openapi-typescript and type-checks a call of every operation
 * (test/integration/openapi-client.test.ts).
 */

const AUTH_FAILURES: VendorAuthFailure[] = [
  'headers_missing',
  'unknown_key',
  'key_expired',
  'timestamp_out_of_range',
  'signature_invalid',
];

/** The string a vendor signs (vendor-auth.middleware.ts `canonicalRequest`), as the documents explain it. */
const CANONICAL_STRING = [
  '`X-ELG-Signature` is the base64url (unpadded) HMAC-SHA256, keyed with the instance secret, of the canonical',
  'string: five lines joined by `\\n` (LF), no trailing newline:',
  '',
  '1. the HTTP method in upper case (`POST`);',
  '2. the request target exactly as sent: the path from the host with the query string, e.g.',
  '   `/api/vendor/v1/links/diary-86/42` (the whole path, not the part after the server URL);',
  '3. the `X-ELG-Timestamp` value;',
  '4. the `X-ELG-Nonce` value;',
  '5. the lowercase hex SHA-256 of the raw body bytes as sent (for a GET, of the empty string:',
  '   `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`).',
  '',
  'The gateway checks, in this order: all four headers present and well formed, the timestamp within',
  `±${TIMESTAMP_TOLERANCE_SECONDS} s of its clock, the key known and not expired, the signature; only then is the nonce`,
  `spent (remembered for ${TIMESTAMP_TOLERANCE_SECONDS * 2} s), so a forged request cannot burn a real nonce. The`,
  'password decisions spend it once the body is read, in the same step that counts the rate limits: a body',
  'that does not fit is refused (400) before the nonce is looked at, and a replay uses up no limit.',
].join('\n');

/** All four headers are required together on every signed operation. */
const SIGNED = [{ keyId: [], timestamp: [], nonce: [], signature: [] }];

/** The answers every signed operation with a JSON body can give besides its own. */
const SIGNED_BODY_ERRORS = {
  '401': ref('Unauthorized'),
  '413': ref('PayloadTooLarge'),
  '415': ref('UnsupportedMediaType'),
  '500': ref('InternalError'),
  '503': ref('Unavailable'),
};

const DECISION_REQUEST_EXAMPLES = {
  withBirthDate: {
    summary: 'A student whose birth date the diary holds',
    value: { userId: '100234', birthDate: '2010-03-15', roles: ['student'] },
  },
  askTheDiary: {
    summary: 'Nothing but the account: the gateway asks the diary (adapter getProfile)',
    value: { userId: '100234' },
  },
};

const DECISION_ANSWER_EXAMPLES = {
  warn: {
    summary: 'Before the cutover, inside the information window: allow, and show the message',
    value: {
      decision: 'warn',
      reason: 'cutover_upcoming',
      wouldDeny: false,
      cutoverAt: '2026-08-31T19:00:00.000Z',
      cutoverDate: '2026-09-01',
      daysLeft: 12,
      linked: false,
      esiaSignInUrl: 'https://gateway.example.ru/login/esia?instance=diary-86',
      linkUrl: 'https://gateway.example.ru/link/password?instance=diary-86',
      infoUrl: 'https://gateway.example.ru/info?instance=diary-86',
      message: {
        ru: 'С 01.09.2026 (осталось дней: 12) вход в дневник будет возможен только через Госуслуги. Привяжите учётную запись портала Госуслуг в персональных настройках дневника.',
        en: 'From 01.09.2026 (12 days left) the diary can only be entered through Gosuslugi. Link your Gosuslugi account on the personal settings page of the diary.',
      },
    },
  },
  deny: {
    summary: 'After the cutover, enforced: refuse the password and offer esiaSignInUrl',
    value: {
      decision: 'deny',
      reason: 'cutover_reached',
      wouldDeny: false,
      cutoverAt: '2026-08-31T19:00:00.000Z',
      cutoverDate: '2026-09-01',
      daysLeft: 0,
      linked: true,
      esiaSignInUrl: 'https://gateway.example.ru/login/esia?instance=diary-86',
      linkUrl: 'https://gateway.example.ru/link/password?instance=diary-86',
      infoUrl: 'https://gateway.example.ru/info?instance=diary-86',
      message: {
        ru: 'С 01.09.2026 вход по паролю закрыт для пользователей 14 лет и старше. Войдите через Госуслуги.',
        en: 'Since 01.09.2026 password sign-in is closed to users aged 14 and over. Sign in with Gosuslugi.',
      },
    },
  },
  allow: {
    summary: 'Under the minimum age: allow, nothing to show',
    value: {
      decision: 'allow',
      reason: 'under_minimum_age',
      wouldDeny: false,
      cutoverAt: '2026-08-31T19:00:00.000Z',
      cutoverDate: '2026-09-01',
      daysLeft: 0,
      linked: false,
      esiaSignInUrl: 'https://gateway.example.ru/login/esia?instance=diary-86',
      linkUrl: 'https://gateway.example.ru/link/password?instance=diary-86',
      infoUrl: 'https://gateway.example.ru/info?instance=diary-86',
      message: null,
    },
  },
};

const DECISION_ERRORS = {
  '400': ref('ValidationFailed'),
  '404': errorResponse("The key's diary instance has no region on the gateway (a configuration fault).", [
    new NotFoundError(),
  ]),
  '429': ref('RateLimited'),
  ...SIGNED_BODY_ERRORS,
};

/** One decision operation (login or reset): the same body, answer and errors. */
function decisionOperation(operationId: string, summary: string, description: string) {
  return {
    operationId,
    tags: ['Password decision'],
    summary,
    description,
    security: SIGNED,
    requestBody: {
      required: true,
      content: json({ $ref: '#/components/schemas/DecisionRequest' }, DECISION_REQUEST_EXAMPLES),
    },
    responses: {
      '200': {
        description:
          'The decision. Act on `decision`; show `message` when it is not null. Never cache it (`Cache-Control: no-store`).',
        content: json({ $ref: '#/components/schemas/DecisionAnswer' }, DECISION_ANSWER_EXAMPLES),
      },
      ...DECISION_ERRORS,
    },
  };
}

export function vendorOpenApi(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ESIA Link Gateway: vendor API',
      version: '1.0.0',
      description:
        'Called by the back ends of school e-diaries. Sign-in and linking are not part of it: a diary is an ' +
        'OpenID Connect client of the gateway (docs/sign-in-for-diaries.md). Every operation except this ' +
        'document is signed per diary ' +
        'instance with the four `X-ELG-*` headers (see the `signature` security scheme). Refusals and failures ' +
        'answer `{"error": {"code", "message", "reference"}}` with a stable `code`.\n\n' +
        CANONICAL_STRING,
      contact: { name: 'The regional education ministry that runs this gateway (its connection agreement)' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${serverUrl}/api/vendor/v1`, description: 'This gateway' }],
    tags: [
      { name: 'Password decision', description: 'May this diary account use its password now (flow C)?' },
      { name: 'Links', description: 'Whether a diary account is linked to a Gosuslugi account.' },
      { name: 'Document', description: 'This description.' },
    ],
    components: {
      securitySchemes: hmacSecuritySchemes({
        keyId: 'The key id issued for the diary instance (8–64 characters `[A-Za-z0-9_-]`).',
        timestamp: `Unix time in whole seconds; refused outside ±${TIMESTAMP_TOLERANCE_SECONDS} s of the gateway clock.`,
        nonce: `16–64 characters \`[A-Za-z0-9_-]\`, fresh for every request: a nonce seen in the last ${TIMESTAMP_TOLERANCE_SECONDS * 2} s is refused.`,
        signature: CANONICAL_STRING,
      }),
      schemas: {
        Error: ERROR_SCHEMA,
        Role: { type: 'string', enum: [...ROLES] },
        DecisionRequest: {
          type: 'object',
          description: 'The instance is the one the key speaks for, never one named in the body.',
          required: ['userId'],
          properties: {
            userId: { type: 'string', minLength: 1, maxLength: 128, description: 'The diary account.' },
            birthDate: {
              type: ['string', 'null'],
              format: 'date',
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              description:
                'YYYY-MM-DD. Without it the gateway asks the diary; nothing known: treated as a student with no ' +
                'birth date (fail closed).',
            },
            roles: {
              type: 'array',
              maxItems: 4,
              items: { $ref: '#/components/schemas/Role' },
              description: "The account's roles; none given: the diary's, else student.",
            },
          },
        },
        DecisionAnswer: {
          type: 'object',
          additionalProperties: false,
          required: [
            'decision',
            'reason',
            'wouldDeny',
            'cutoverAt',
            'cutoverDate',
            'daysLeft',
            'linked',
            'esiaSignInUrl',
            'linkUrl',
            'infoUrl',
            'message',
          ],
          properties: {
            decision: {
              type: 'string',
              enum: ['allow', 'warn', 'deny'],
              description:
                '`allow`: let the password in. `warn`: let it in and show `message` (the information window). ' +
                '`deny`: refuse the password, show `message` and offer `esiaSignInUrl`.',
            },
            reason: {
              type: 'string',
              enum: [
                'policy_off',
                'role_not_covered',
                'under_minimum_age',
                'birth_date_unknown_allowed',
                'before_cutover',
                'cutover_upcoming',
                'announce_only',
                'bypass_window',
                'exempt',
                'cutover_reached',
                'birth_date_unknown',
              ],
              description: 'Why; stable codes, new ones may be added.',
            },
            wouldDeny: {
              type: 'boolean',
              description: 'Shadow mode: `decision` is `allow` but an enforced policy would deny.',
            },
            cutoverAt: {
              type: ['string', 'null'],
              format: 'date-time',
              description: "Local midnight of the cutover date in the region's time zone.",
            },
            cutoverDate: { type: ['string', 'null'], format: 'date' },
            daysLeft: {
              type: ['integer', 'null'],
              minimum: 0,
              description: 'Whole local days to the cutover date; 0 on and after it.',
            },
            linked: { type: 'boolean', description: 'The account has an active Gosuslugi link.' },
            esiaSignInUrl: { type: 'string', format: 'uri', description: 'Sign in with Gosuslugi.' },
            linkUrl: {
              type: 'string',
              format: 'uri',
              description: 'Link the account with its diary password.',
            },
            infoUrl: { type: 'string', format: 'uri', description: 'The information page about the change.' },
            message: {
              type: ['object', 'null'],
              additionalProperties: false,
              required: ['ru', 'en'],
              properties: { ru: { type: 'string' }, en: { type: 'string' } },
              description: 'What to show the person, or null when there is nothing to say.',
            },
          },
        },
        LinkStatus: {
          type: 'object',
          additionalProperties: false,
          required: ['linked', 'linkedAt', 'method'],
          properties: {
            linked: { type: 'boolean' },
            linkedAt: { type: ['string', 'null'], format: 'date-time' },
            method: {
              type: ['string', 'null'],
              enum: ['settings-page', 'diary-password', 'snils-match', 'operator', null],
              description: 'How the link was made.',
            },
          },
        },
      },
      responses: {
        Unauthorized: errorResponse('The HMAC authentication failed; the code says which check refused it.', [
          ...AUTH_FAILURES.map((failure) => new VendorAuthError(failure)),
          new ReplayedRequestError(),
        ]),
        ValidationFailed: errorResponse(
          'The body (or a path parameter) does not fit; `issues` names each field.',
          [new ValidationError(['birthDate: Invalid string: must match pattern /^\\d{4}-\\d{2}-\\d{2}$/'])],
        ),
        RateLimited: errorResponse(
          'Too many decisions for this instance or this account; retry after `Retry-After` seconds.',
          [new RateLimitedError(30)],
          {
            'Retry-After': {
              description: 'Seconds to wait before the next try.',
              schema: { type: 'integer', minimum: 1 },
            },
          },
        ),
        ...COMMON_ERROR_RESPONSES,
      },
    },
    paths: {
      '/password-login/decision': {
        post: decisionOperation(
          'decidePasswordLogin',
          'May this account sign in with its password now?',
          "Ask before checking a password. The cutover policy of the key's instance decides (DESIGN §7 C): " +
            'allow, warn (allow and show the information window) or deny. Shadow mode answers `allow` with ' +
            '`wouldDeny: true`. Rate limited per instance and per account. Without `birthDate` the gateway reads ' +
            "the diary's profile; when that read fails (the diary does not answer, or lacks the route) the " +
            'answer is 503 `dependency_unavailable`, never a `deny`.',
        ),
      },
      '/password-reset/decision': {
        post: decisionOperation(
          'decidePasswordReset',
          'May this account reset or change its password now?',
          'Password reset and change obey the same decision as password sign-in: the same body and answer. A ' +
            '`deny` means the account must use Gosuslugi, so do not let its password be reset.',
        ),
      },
      '/links/{instance}/{userId}': {
        get: {
          operationId: 'getLinkStatus',
          tags: ['Links'],
          summary: "Link status of one of this instance's accounts",
          description:
            'Whether the diary account has an active Gosuslugi link, since when and how it was made. A key reads ' +
            'its own instance only.',
          security: SIGNED,
          parameters: [
            {
              name: 'instance',
              in: 'path',
              required: true,
              description: "The diary instance: the key's own.",
              schema: { type: 'string' },
              example: 'diary-86',
            },
            {
              name: 'userId',
              in: 'path',
              required: true,
              description: 'The diary account: 1–128 characters, no control characters.',
              schema: { type: 'string', minLength: 1, maxLength: 128 },
              example: '100234',
            },
          ],
          responses: {
            '200': {
              description: 'The link status (`Cache-Control: no-store`).',
              content: json(
                { $ref: '#/components/schemas/LinkStatus' },
                {
                  linked: {
                    value: { linked: true, linkedAt: '2026-05-14T08:21:09.000Z', method: 'settings-page' },
                  },
                  notLinked: { value: { linked: false, linkedAt: null, method: null } },
                },
              ),
            },
            '400': ref('ValidationFailed'),
            '401': ref('Unauthorized'),
            '403': errorResponse('The key belongs to another instance.', [
              new InstanceForbiddenError('other-instance'),
            ]),
            '500': ref('InternalError'),
            '503': ref('Unavailable'),
          },
        },
      },
      '/diary-api.json': documentOperation({
        operationId: 'getDiaryApiDocument',
        summary: 'The diary API a diary implements for the gateway',
        description:
          'The published diary API (docs/diary-api.openapi.json) as OpenAPI 3.1: what a diary serves so that ' +
          'the gateway can use it with no code of its own (docs/onboarding-a-diary.md). Public (no ' +
          'signature), cacheable for 5 minutes.',
        answer: 'The diary API document.',
        example: {
          openapi: '3.1.0',
          info: { title: 'ESIA Link Gateway: diary API (implemented by a diary, called by the gateway)' },
          paths: {},
        },
      }),
      '/openapi.json': documentOperation({
        operationId: 'getVendorOpenApi',
        summary: 'This document',
        description: 'The vendor API as OpenAPI 3.1; public (no signature), cacheable for 5 minutes.',
        answer: 'This document.',
        example: { openapi: '3.1.0', info: { title: 'ESIA Link Gateway: vendor API' }, paths: {} },
      }),
    },
  };
}
