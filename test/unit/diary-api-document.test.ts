import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  API_ERROR_CODES,
  ApiAccessRequest,
  ApiActiveUsers,
  ApiCapabilities,
  ApiChildren,
  ApiError,
  ApiLinkNoticeAnswer,
  ApiMemberships,
  ApiOrganizationChoices,
  ApiPasswordCheck,
  ApiProfile,
  ApiSchoolRecords,
} from '../../adapters/diary-api/diary-api.schemas';
import { diaryApiDocument, diaryApiDocumentText } from '../../scripts/diary-api.document';

/**
 * The published diary API and the generic adapter cannot drift apart: the committed document is the one the
 * script writes, and every example in it is read by the adapter's own schemas (a success example by the
 * operation's, a refusal by the error model's).
 */
const root = join(__dirname, '..', '..');

type Operation = {
  operationId: string;
  description: string;
  responses: Record<
    string,
    { $ref?: string; content?: Record<string, { examples: Record<string, { value: unknown }> }> }
  >;
  requestBody?: { content: Record<string, { examples: Record<string, { value: unknown }> }> };
};
const document = diaryApiDocument() as {
  paths: Record<string, Record<string, Operation>>;
  components: {
    responses: Record<string, { content: Record<string, { examples: Record<string, { value: unknown }> }> }>;
    schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } };
  };
};
const operations = Object.values(document.paths).flatMap((item) => Object.values(item));

/** What the adapter reads each operation's success answer with. */
const SUCCESS: Record<string, z.ZodType> = {
  getCapabilities: ApiCapabilities,
  checkPassword: ApiPasswordCheck,
  getUser: ApiProfile,
  listMemberships: ApiMemberships,
  listChildren: ApiChildren,
  searchSchoolRecords: ApiSchoolRecords,
  listOrganizations: ApiOrganizationChoices,
  postLinkNotice: ApiLinkNoticeAnswer,
  createAccessRequest: ApiAccessRequest,
  getAccessRequest: ApiAccessRequest,
  getActiveUsers: ApiActiveUsers,
};

const examplesOf = (content: Record<string, { examples: Record<string, { value: unknown }> }> | undefined) =>
  Object.values(content ?? {}).flatMap((media) => Object.entries(media.examples));

describe('the published diary API document', () => {
  it('docs/diary-api.openapi.json is what npm run diary-api:docs writes', () => {
    expect(readFileSync(join(root, 'docs', 'diary-api.openapi.json'), 'utf8')).toBe(diaryApiDocumentText());
  });

  it('describes every operation the adapter calls, each in Russian and English, each with examples', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(SUCCESS).sort());
    for (const operation of operations) {
      expect(operation.description).toMatch(/[а-яё].*\n\n.*[a-z]/is);
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(success.length).toBeGreaterThan(0);
      for (const [, response] of success) expect(examplesOf(response.content).length).toBeGreaterThan(0);
    }
  });

  it.each(Object.keys(SUCCESS))(
    'every success example of %s is read by the adapter’s schema',
    (operationId) => {
      const operation = operations.find((o) => o.operationId === operationId)!;
      for (const [status, response] of Object.entries(operation.responses))
        if (status.startsWith('2'))
          for (const [name, example] of examplesOf(response.content)) {
            const parsed = SUCCESS[operationId]!.safeParse(example.value);
            expect({ name, ok: parsed.success }).toEqual({ name, ok: true });
          }
    },
  );

  it('every refusal example fits the error model, with a code the API lists', () => {
    const refusals = [
      ...Object.values(document.components.responses).flatMap((r) => examplesOf(r.content)),
      ...operations.flatMap((o) =>
        Object.entries(o.responses)
          .filter(([status]) => !status.startsWith('2'))
          .flatMap(([, r]) => examplesOf(r.content)),
      ),
    ];
    expect(refusals.length).toBeGreaterThan(8);
    for (const [, example] of refusals) {
      const parsed = ApiError.parse(example.value);
      expect(API_ERROR_CODES).toContain(parsed.error.code);
    }
    expect(document.components.schemas.Error.properties.error.properties.code.enum).toEqual([
      ...API_ERROR_CODES,
    ]);
  });
});
