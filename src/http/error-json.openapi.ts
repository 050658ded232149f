import {
  type AppError,
  DependencyUnavailableError,
  PayloadTooLargeError,
  ShuttingDownError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../core/errors';
import { PolicyInvalidError } from '../core/policy.errors';
import { INTERNAL_ERROR } from './error-handler';

/**
 * The error JSON that src/http/error-handler.ts answers on /api, as OpenAPI 3.1 parts shared by the vendor and the
 * operators' documents: `{"error": {"code", "message", "reference", "issues"?, "problems"?}}`.
 */

/** The `Error` schema: `code` is stable for programs, `message` is for people, `reference` is for support. */
export const ERROR_SCHEMA = {
  type: 'object',
  description:
    'Every refusal and failure on /api has this shape; the HTTP status and `error.code` say what happened.',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message', 'reference'],
      properties: {
        code: {
          type: 'string',
          description: 'Stable, for programs to branch on (listed on each answer). Never renamed.',
          example: 'validation_failed',
        },
        message: {
          type: 'string',
          description:
            'For people: Russian, or English when `Accept-Language` prefers `en` (or `?lang=en`). Do not parse it.',
          example: 'Запрос заполнен неверно. Проверьте данные и попробуйте ещё раз.',
        },
        reference: {
          type: 'string',
          description:
            'Support reference: the request id, also sent as the `X-Request-Id` header. Quote it to support.',
          example: '3f0b8f7e-5a55-4f0e-9d47-0c1f3c2b9a61',
        },
        issues: {
          type: 'array',
          description:
            'With `validation_failed` only: each wrong field, named with what it expects (never its value).',
          items: { type: 'string' },
          example: ['birthDate: Invalid string: must match pattern /^\\d{4}-\\d{2}-\\d{2}$/'],
        },
        problems: {
          type: 'array',
          description: 'With `policy_invalid` only: every problem of the change; nothing was saved.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['field', 'code', 'message'],
            properties: {
              field: { type: 'string', example: 'cutoverDate' },
              code: { type: 'string', example: 'invalid_date' },
              message: { type: 'string', example: 'expected a date YYYY-MM-DD' },
            },
          },
        },
      },
    },
  },
} as const;

/** The example body the error handler would answer for `error` (its Russian message, a sample reference). */
export function errorExample(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.userMessage.ru,
      reference: '3f0b8f7e-5a55-4f0e-9d47-0c1f3c2b9a61',
      ...(error instanceof ValidationError && error.issues.length ? { issues: error.issues } : {}),
      ...(error instanceof PolicyInvalidError ? { problems: error.problems } : {}),
    },
  };
}

/**
 * An error answer: its description lists the `error.code` values it carries, with one example per code built
 * from the typed error itself (so the examples say what the gateway says). The schema is the document's
 * `#/components/schemas/Error` (ERROR_SCHEMA).
 */
export function errorResponse(
  description: string,
  errors: readonly AppError[],
  headers?: Record<string, unknown>,
) {
  return {
    description: `${description} \`error.code\`: ${errors.map((e) => `\`${e.code}\``).join(', ')}.`,
    ...(headers ? { headers } : {}),
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Error' },
        examples: Object.fromEntries(errors.map((e) => [e.code, { value: errorExample(e) }])),
      },
    },
  };
}

/** Answers any /api route can give: too large, wrong encoding, the gateway broken or unavailable. */
export const COMMON_ERROR_RESPONSES = {
  PayloadTooLarge: errorResponse('The body is larger than the gateway accepts (BODY_LIMIT).', [
    new PayloadTooLargeError(),
  ]),
  UnsupportedMediaType: errorResponse(
    'The body is in a content encoding or charset the gateway does not read.',
    [new UnsupportedMediaTypeError()],
  ),
  InternalError: {
    description: `An unexpected fault; logged with the reference, never detailed here. \`error.code\`: \`${INTERNAL_ERROR.code}\`.`,
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Error' },
        example: {
          error: {
            code: INTERNAL_ERROR.code,
            message: INTERNAL_ERROR.userMessage.ru,
            reference: '3f0b8f7e-5a55-4f0e-9d47-0c1f3c2b9a61',
          },
        },
      },
    },
  },
  Unavailable: errorResponse(
    'PostgreSQL or Redis is not answering, the diary (a decision without `birthDate` reads its profile) cannot ' +
      'be read, or this gateway process is restarting: retry shortly, and decide this attempt as if the gateway ' +
      'were not there; never refuse the person for it.',
    [new DependencyUnavailableError('postgres'), new ShuttingDownError()],
  ),
} as const;
