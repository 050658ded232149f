/** The OpenAPI 3.1 description of /api/ops/v1 (served at /api/ops/v1/openapi.json). */
const bearer = [{ bearer: [] }];
const tenantParam = {
  name: 'tenantId',
  in: 'path',
  required: true,
  schema: { type: 'string', example: '86' },
};
const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const errors = {
  '400': json('malformed request'),
  '401': json('no valid operator token'),
  '403': json('a viewer tried to change something'),
  '404': json('unknown, or outside the token scope'),
  '422': json(
    'the change would make the policy invalid: `error.problems` lists every problem; nothing saved',
  ),
};
const op = (summary: string, extra: Record<string, unknown> = {}) => ({
  summary,
  security: bearer,
  parameters: [tenantParam],
  responses: { '200': json('done'), ...errors },
  ...extra,
});
const settings = {
  type: 'object',
  properties: {
    mode: { enum: ['off', 'announce', 'shadow', 'enforce'] },
    timeZone: { type: 'string', example: 'Asia/Yekaterinburg' },
    announceDate: { type: ['string', 'null'], format: 'date' },
    cutoverDate: { type: ['string', 'null'], format: 'date' },
    warnDays: { type: 'integer', minimum: 0, maximum: 366 },
    minimumAge: { type: 'integer', minimum: 0, maximum: 18 },
    roles: { type: 'array', items: { enum: ['student', 'parent', 'teacher', 'staff'] } },
    unknownBirthDateRule: { enum: ['deny', 'allow'] },
    instanceId: { type: 'string', description: 'a policy of one diary instance instead of the region' },
  },
};
const withBody = (schema: object) => ({
  requestBody: { required: true, content: { 'application/json': { schema } } },
});

export const OPS_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'ESIA Link Gateway ops API', version: '1' },
  servers: [{ url: '/api/ops/v1' }],
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: '<keyId>.<secret> from `npm run ops -- issue-token`',
      },
    },
  },
  paths: {
    '/regions': {
      get: {
        summary: 'regions in scope, with status and days to cutover',
        security: bearer,
        responses: { '200': json('regions'), ...errors },
      },
    },
    '/regions/{tenantId}': { get: op('status, current policy, bypass windows and exemptions of a region') },
    '/regions/{tenantId}/policy/preview': {
      post: op(
        'step one: the policy after the change, its problems and who it would refuse; nothing saved',
        withBody(settings),
      ),
    },
    '/regions/{tenantId}/policy': {
      put: op(
        'step two: apply the change (editor); audited, announced to every process',
        withBody({
          ...settings,
          required: ['reason'],
          properties: { ...settings.properties, reason: { type: 'string' } },
        }),
      ),
    },
    '/regions/{tenantId}/bypasses': {
      post: op(
        'declare a bypass window (editor)',
        withBody({
          type: 'object',
          required: ['endsAt', 'reason'],
          properties: {
            startsAt: { type: 'string', format: 'date-time' },
            endsAt: { type: 'string', format: 'date-time' },
            reason: { type: 'string' },
            instanceId: { type: 'string' },
          },
        }),
      ),
    },
    '/regions/{tenantId}/bypasses/{id}/end': {
      post: op(
        'end a bypass window now (editor)',
        withBody({ type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } }),
      ),
    },
    '/regions/{tenantId}/exemptions': {
      post: op(
        'exempt a diary account (editor)',
        withBody({
          type: 'object',
          required: ['instanceId', 'userId', 'reason'],
          properties: {
            instanceId: { type: 'string' },
            userId: { type: 'string' },
            reason: { type: 'string' },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        }),
      ),
    },
    '/regions/{tenantId}/exemptions/{id}/revoke': {
      post: op(
        'revoke an exemption (editor)',
        withBody({ type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } }),
      ),
    },
    '/regions/{tenantId}/readiness': {
      get: op(
        'daily readiness: active links, ESIA share of sign-ins, would-deny; ?days=30&instance=…&format=csv',
      ),
    },
    '/audit': {
      get: {
        summary: 'audit log in scope; ?tenant=&by=&from=&to=&q=',
        security: bearer,
        responses: { '200': json('entries'), ...errors },
      },
    },
  },
} as const;
