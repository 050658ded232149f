/**
 * The vendor API as OpenAPI 3.1, written by hand from docs/vendor-api.md (the protocol vendors implement
 * against). A test checks that every route the gateway serves under /api/vendor/v1 is described here.
 */

const error = (description: string, codes: string[]) => ({
  description: `${description} Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const AUTH_ERRORS = [
  'headers_missing',
  'unknown_key',
  'key_expired',
  'timestamp_out_of_range',
  'signature_invalid',
  'nonce_replayed',
];

const signed = { security: [{ keyId: [], timestamp: [], nonce: [], signature: [] }] };
const unauthorized = { '401': error('The HMAC authentication failed.', AUTH_ERRORS) };

const header = (name: string, description: string) => ({ type: 'apiKey', in: 'header', name, description });

/** The document served at `GET /api/vendor/v1/openapi.json`. */
export function vendorOpenApi(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ESIA Link Gateway: vendor API',
      version: '1.0.0',
      description:
        'Called by diary systems. Every request (except this document) is signed per diary instance: ' +
        'X-ELG-Signature = base64url (no padding) of HMAC-SHA256(secret, METHOD\\n/path?query\\ntimestamp\\nnonce\\nhex SHA-256 of the body). ' +
        'Timestamps outside ±300 s and nonces reused within 10 minutes are refused. Errors: {"error":{"code","message","reference"}}.',
    },
    servers: [{ url: `${serverUrl}/api/vendor/v1` }],
    components: {
      securitySchemes: {
        keyId: header('X-ELG-Key-Id', 'The key id issued for the diary instance.'),
        timestamp: header('X-ELG-Timestamp', 'Unix time in seconds; ±300 s of the gateway clock.'),
        nonce: header('X-ELG-Nonce', '16–64 characters [A-Za-z0-9_-], never reused within 10 minutes.'),
        signature: header('X-ELG-Signature', 'base64url HMAC-SHA256 of the canonical string.'),
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'reference'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                reference: { type: 'string', description: 'Support reference (request id).' },
                issues: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
        Role: { type: ['string', 'null'], enum: ['student', 'parent', 'teacher', 'staff', null] },
      },
    },
    paths: {
      '/link-tickets': {
        post: {
          summary: 'A single-use link ticket (5 minutes) for the signed-in diary user',
          ...signed,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['userId', 'returnUrl'],
                  properties: {
                    userId: { type: 'string', maxLength: 128 },
                    returnUrl: {
                      type: 'string',
                      format: 'uri',
                      description: "On the instance's allow-list.",
                    },
                    action: { type: 'string', enum: ['link', 'unlink'], default: 'link' },
                    noticeShown: {
                      type: 'boolean',
                      default: false,
                      description:
                        'True when the diary already showed «Сейчас вы будете перенаправлены…»: the gateway then goes straight to Gosuslugi.',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Send the browser to linkUrl.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['ticket', 'linkUrl', 'expiresAt'],
                    properties: {
                      ticket: { type: 'string' },
                      linkUrl: { type: 'string', format: 'uri' },
                      expiresAt: { type: 'string', format: 'date-time' },
                    },
                  },
                },
              },
            },
            '400': error('The body is wrong or the return address is not allowed.', [
              'validation_failed',
              'return_url_not_allowed',
            ]),
            ...unauthorized,
          },
        },
      },
      '/sso/exchange': {
        post: {
          summary: 'Exchange the one-time hand-off code (60 s, single use) for the account to sign in',
          ...signed,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
              },
            },
          },
          responses: {
            '200': {
              description: 'Sign this account in, in this organization and role.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['userId', 'organizationId', 'role'],
                    properties: {
                      userId: { type: 'string' },
                      organizationId: { type: ['string', 'null'] },
                      role: { $ref: '#/components/schemas/Role' },
                    },
                  },
                },
              },
            },
            '400': error('The code is unknown, used, expired or issued to another instance.', [
              'sso_code_invalid',
              'validation_failed',
            ]),
            ...unauthorized,
          },
        },
      },
      '/links/{instance}/{userId}': {
        get: {
          summary: "Link status of one of this instance's accounts",
          ...signed,
          parameters: [
            { name: 'instance', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'Whether the account has an active ESIA link.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['linked', 'linkedAt', 'method'],
                    properties: {
                      linked: { type: 'boolean' },
                      linkedAt: { type: ['string', 'null'], format: 'date-time' },
                      method: {
                        type: ['string', 'null'],
                        enum: ['settings-page', 'diary-password', 'snils-match', 'operator', null],
                      },
                    },
                  },
                },
              },
            },
            '403': error('The key belongs to another instance.', ['instance_forbidden']),
            ...unauthorized,
          },
        },
      },
      '/password-login/decision': {
        post: {
          summary: 'Cutover policy decision for a password login (see the policy documentation)',
          ...signed,
          responses: { '200': { description: 'allow / warn / deny / shadow-deny' }, ...unauthorized },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
    },
  };
}
