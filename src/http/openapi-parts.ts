import { ValidationError } from '../core/errors';
import { errorResponse } from './error-json.openapi';

/**
 * The building blocks both OpenAPI documents are written with (the vendor API's, src/http/vendor-api/
 * openapi.document.ts, and the operators', src/http/ops/ops-openapi*.ts), so that a reference, a JSON body and
 * the operation that serves a document are spelled one way in both.
 */

/** A response of the document's `components.responses`. */
export const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** A schema of the document's `components.schemas`. */
export const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON body with its named examples (request or response `content`). */
export const json = (body: object, examples: Record<string, { summary?: string; value: unknown }>) => ({
  'application/json': { schema: body, examples },
});

/** A strict object: every property required, nothing else. */
export const record = (properties: Record<string, object>, description?: string) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});

/**
 * `GET` of an OpenAPI document the gateway serves (its own, or the diary API it publishes): public, answered
 * as an OpenAPI 3.1 object; a body that is not JSON is refused as on every /api route.
 */
export function documentOperation(p: {
  operationId: string;
  summary: string;
  description: string;
  answer: string;
  example: { openapi: '3.1.0'; info: { title: string }; paths: Record<string, never> };
}) {
  return {
    get: {
      operationId: p.operationId,
      tags: ['Document'],
      summary: p.summary,
      description: p.description,
      security: [],
      responses: {
        '200': {
          description: p.answer,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['openapi', 'info', 'paths'],
                properties: {
                  openapi: { type: 'string', const: '3.1.0' },
                  info: { type: 'object' },
                  paths: { type: 'object' },
                },
              },
              example: p.example,
            },
          },
        },
        '400': errorResponse('The request carried a body that is not JSON: send none.', [
          new ValidationError(['body: not valid JSON or form data']),
        ]),
        '500': ref('InternalError'),
      },
    },
  };
}
