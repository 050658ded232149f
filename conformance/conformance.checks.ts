import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  API_ERROR_CODES,
  ApiAccessRequest,
  ApiCapabilities,
  ApiChildren,
  ApiError,
  ApiLinkNoticeAnswer,
  ApiMemberships,
  ApiOrganizationChoices,
  ApiPasswordCheck,
  ApiProfile,
  ApiSchoolRecords,
} from '../adapters/diary-api/diary-api.schemas';
import type { DiaryApiRequest, DiaryApiResponse } from '../adapters/diary-api/diary-api.transport';
import {
  CheckFailure,
  describeAnswer,
  describeRequest,
  type Ability,
  type KitFixtures,
} from './conformance.types';

/** What a check can use: a sender that records every answer, the fixtures, the run's shared memory. */
export interface CheckContext {
  send(request: DiaryApiRequest): Promise<DiaryApiResponse>;
  readonly fixtures: KitFixtures;
  readonly hmac: boolean;
  readonly timeoutMs: number;
  /** Every answer of the run so far (the error-model and timing checks read them). */
  readonly answers: DiaryApiResponse[];
  /** Values one check leaves for a later one (the access request's id). */
  readonly memory: Map<string, string>;
}

/** One named check: what it proves, which ability (or HMAC) it needs, and how. */
export interface Check {
  readonly id: string;
  readonly title: string;
  readonly needs?: Ability | 'hmac';
  run(ctx: CheckContext): Promise<void>;
}

function expectStatus(response: DiaryApiResponse, ...statuses: number[]): void {
  if (!statuses.includes(response.status))
    throw new CheckFailure(`HTTP ${statuses.join(' or ')}`, describeAnswer(response));
}

function expectShape<S extends z.ZodType>(response: DiaryApiResponse, schema: S, name: string): z.infer<S> {
  const parsed = schema.safeParse(response.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckFailure(
      `a ${name} body (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'see the document'})`,
      describeAnswer(response),
    );
  }
  return parsed.data;
}

/** A refusal with `status` and, when it is in the error model at all, this `code` (its shape is errors.shape's). */
function expectRefusal(response: DiaryApiResponse, status: number, code: string, strict = false): void {
  const body = ApiError.safeParse(response.json);
  const expected = `HTTP ${status} { "error": { "code": "${code}" } }`;
  if (response.status !== status) throw new CheckFailure(expected, describeAnswer(response));
  if (strict && !body.success) throw new CheckFailure(expected, describeAnswer(response));
  if (body.success && body.data.error.code !== code)
    throw new CheckFailure(expected, describeAnswer(response));
}

const profile = (ctx: CheckContext): DiaryApiRequest => ({
  method: 'GET',
  path: `/users/${encodeURIComponent(ctx.fixtures.userId)}`,
});
const UNKNOWN_USER = 'conformance-no-such-account-0000';

const notice = (ctx: CheckContext, event: 'created' | 'removed', userId = ctx.fixtures.userId) => {
  const linkId = ctx.memory.get('linkId')!;
  return {
    method: 'POST' as const,
    path: '/link-notices',
    headers: { 'Idempotency-Key': `${event}:${linkId}` },
    body: { event, linkId, userId, at: new Date().toISOString() },
  };
};

/** Sends the link notice of `event` and expects it recorded: 200 in the LinkNoticeAnswer shape. */
async function expectNoticeRecorded(ctx: CheckContext, event: 'created' | 'removed'): Promise<void> {
  const r = await ctx.send(notice(ctx, event));
  expectStatus(r, 200);
  expectShape(r, ApiLinkNoticeAnswer, 'LinkNoticeAnswer');
}

const accessRequest = (ctx: CheckContext, organizationId: string | null) => {
  const requestId = ctx.memory.get(organizationId === null ? 'otherRequestId' : 'requestId')!;
  return {
    method: 'POST' as const,
    path: '/access-requests',
    headers: { 'Idempotency-Key': requestId },
    body: {
      requestId,
      organizationId: organizationId ?? 'conformance-no-such-organization',
      role: 'parent',
      reason: 'profile_missing',
      message: 'Проверка соответствия API шлюза: заявку можно отклонить',
      contact: 'conformance@example.invalid',
      personName: 'Проверка Соответствия',
    },
  };
};

/**
 * Every check of the kit, in the order it runs: the capabilities document, the authentication refusals, the
 * always-required profile, each declared ability's happy path and refusals, then the error model and the time
 * limit over every answer of the run. Ids are stable: CI systems and the tests name them.
 */
export const CHECKS: readonly Check[] = [
  {
    id: 'capabilities.document',
    title: 'GET /capabilities answers the abilities document',
    async run(ctx) {
      const r = await ctx.send({ method: 'GET', path: '/capabilities' });
      expectStatus(r, 200);
      expectShape(r, ApiCapabilities, 'capabilities');
    },
  },
  {
    id: 'auth.unsigned-refused',
    title: 'a request without the X-ELG headers is refused (401 headers_missing)',
    needs: 'hmac',
    async run(ctx) {
      expectRefusal(await ctx.send({ ...profile(ctx), signing: { unsigned: true } }), 401, 'headers_missing');
    },
  },
  {
    id: 'auth.bad-signature-refused',
    title: 'a request signed with another secret is refused (401 signature_invalid)',
    needs: 'hmac',
    async run(ctx) {
      const wrong = { secret: `conformance-wrong-secret-${randomUUID()}` };
      expectRefusal(await ctx.send({ ...profile(ctx), signing: wrong }), 401, 'signature_invalid');
    },
  },
  {
    id: 'auth.stale-timestamp-refused',
    title: 'a timestamp an hour old is refused (401 timestamp_out_of_range)',
    needs: 'hmac',
    async run(ctx) {
      const timestamp = String(Math.floor(Date.now() / 1000) - 3600);
      expectRefusal(
        await ctx.send({ ...profile(ctx), signing: { timestamp } }),
        401,
        'timestamp_out_of_range',
      );
    },
  },
  {
    id: 'auth.replayed-nonce-refused',
    title: 'the same signed request sent twice is answered once, then refused (401 nonce_replayed)',
    needs: 'hmac',
    async run(ctx) {
      const signing = {
        nonce: `conformance-${randomUUID().replace(/-/g, '')}`,
        timestamp: String(Math.floor(Date.now() / 1000)),
      };
      expectStatus(await ctx.send({ ...profile(ctx), signing }), 200);
      expectRefusal(await ctx.send({ ...profile(ctx), signing }), 401, 'nonce_replayed');
    },
  },
  {
    id: 'profile.read',
    title: 'GET /users/{userId} answers the test account’s profile',
    async run(ctx) {
      const r = await ctx.send(profile(ctx));
      expectStatus(r, 200);
      const p = expectShape(r, ApiProfile, 'Profile');
      if (p.userId !== ctx.fixtures.userId)
        throw new CheckFailure(`userId "${ctx.fixtures.userId}"`, describeAnswer(r));
    },
  },
  {
    id: 'profile.unknown-account',
    title: 'an unknown account is 404 user_not_found (any other 404 reads as a wrong address)',
    async run(ctx) {
      expectRefusal(
        await ctx.send({ method: 'GET', path: `/users/${UNKNOWN_USER}` }),
        404,
        'user_not_found',
        true,
      );
    },
  },
  {
    id: 'memberships.read',
    title: 'GET /users/{userId}/memberships lists organization and role',
    async run(ctx) {
      const r = await ctx.send({
        method: 'GET',
        path: `/users/${encodeURIComponent(ctx.fixtures.userId)}/memberships`,
      });
      expectStatus(r, 200);
      expectShape(r, ApiMemberships, 'Memberships');
    },
  },
  {
    id: 'passwordLogin.accepted',
    title: 'POST /password-checks accepts the test login’s right password',
    needs: 'passwordLogin',
    async run(ctx) {
      const { login, password } = ctx.fixtures;
      const r = await ctx.send({ method: 'POST', path: '/password-checks', body: { login, password } });
      expectStatus(r, 200);
      if (!expectShape(r, ApiPasswordCheck, 'PasswordCheck').ok)
        throw new CheckFailure('{ "ok": true, "userId": … }', describeAnswer(r));
    },
  },
  {
    id: 'passwordLogin.refused',
    title: 'a wrong password is a 200 result { ok: false, reason: bad_credentials }, not an error',
    needs: 'passwordLogin',
    async run(ctx) {
      const body = { login: ctx.fixtures.login, password: `${ctx.fixtures.password}-conformance-wrong` };
      const r = await ctx.send({ method: 'POST', path: '/password-checks', body });
      expectStatus(r, 200);
      const answer = expectShape(r, ApiPasswordCheck, 'PasswordCheck');
      if (answer.ok || answer.reason !== 'bad_credentials')
        throw new CheckFailure('{ "ok": false, "reason": "bad_credentials" }', describeAnswer(r));
    },
  },
  {
    id: 'organizationSearch.levels',
    title: 'GET /organizations answers a list at every level of the cascade',
    needs: 'organizationSearch',
    async run(ctx) {
      for (const level of ['municipality', 'settlement', 'type', 'organization']) {
        const r = await ctx.send({ method: 'GET', path: `/organizations?level=${level}` });
        expectStatus(r, 200);
        expectShape(r, ApiOrganizationChoices, 'OrganizationChoices');
      }
    },
  },
  {
    id: 'snilsMatch.found',
    title: 'POST /school-records/search finds the accounts of the given SNILS',
    needs: 'snilsMatch',
    async run(ctx) {
      const r = await ctx.send({
        method: 'POST',
        path: '/school-records/search',
        body: { snils: ctx.fixtures.snils },
      });
      if (r.status === 404 || r.status === 405 || r.status === 501)
        throw new CheckFailure('the declared ability served (HTTP 200)', describeAnswer(r));
      expectStatus(r, 200);
      if (expectShape(r, ApiSchoolRecords, 'SchoolRecords').items.length === 0)
        throw new CheckFailure('at least one account', describeAnswer(r));
    },
  },
  {
    id: 'snilsMatch.none',
    title: 'a SNILS on no record is an empty list, not a 404',
    needs: 'snilsMatch',
    async run(ctx) {
      const r = await ctx.send({
        method: 'POST',
        path: '/school-records/search',
        body: { snils: '000-000-001 00' },
      });
      expectStatus(r, 200);
      if (expectShape(r, ApiSchoolRecords, 'SchoolRecords').items.length !== 0)
        throw new CheckFailure('{ "items": [] }', describeAnswer(r));
    },
  },
  {
    id: 'children.read',
    title: 'GET /users/{userId}/children lists a parent’s children',
    needs: 'children',
    async run(ctx) {
      const parent = ctx.fixtures.parentId ?? ctx.fixtures.userId;
      const r = await ctx.send({ method: 'GET', path: `/users/${encodeURIComponent(parent)}/children` });
      expectStatus(r, 200);
      expectShape(r, ApiChildren, 'Children');
    },
  },
  {
    id: 'linkNotifications.created',
    title: 'POST /link-notices records a new link',
    needs: 'linkNotifications',
    async run(ctx) {
      ctx.memory.set('linkId', randomUUID());
      await expectNoticeRecorded(ctx, 'created');
    },
  },
  {
    id: 'linkNotifications.idempotent',
    title: 'the same notice again (same Idempotency-Key) answers 200 and changes nothing',
    needs: 'linkNotifications',
    async run(ctx) {
      await expectNoticeRecorded(ctx, 'created');
    },
  },
  {
    id: 'linkNotifications.removed',
    title: 'a removal of that link is recorded (the test account is left unlinked)',
    needs: 'linkNotifications',
    async run(ctx) {
      await expectNoticeRecorded(ctx, 'removed');
    },
  },
  {
    id: 'linkNotifications.unknown-account',
    title: 'a notice for an unknown account is 404 user_not_found (the gateway stops retrying)',
    needs: 'linkNotifications',
    async run(ctx) {
      expectRefusal(await ctx.send(notice(ctx, 'created', UNKNOWN_USER)), 404, 'user_not_found', true);
    },
  },
  {
    id: 'accessRequests.created',
    title: 'POST /access-requests takes a request (201, open)',
    needs: 'accessRequests',
    async run(ctx) {
      ctx.memory.set('requestId', randomUUID());
      const r = await ctx.send(accessRequest(ctx, ctx.fixtures.organizationId!));
      expectStatus(r, 201);
      const taken = expectShape(r, ApiAccessRequest, 'AccessRequestState');
      if (taken.status !== 'open') throw new CheckFailure('"status": "open"', describeAnswer(r));
      ctx.memory.set('externalId', taken.id);
    },
  },
  {
    id: 'accessRequests.idempotent',
    title: 'the same request again (same Idempotency-Key) answers 200 with the same id',
    needs: 'accessRequests',
    async run(ctx) {
      const r = await ctx.send(accessRequest(ctx, ctx.fixtures.organizationId!));
      expectStatus(r, 200);
      const again = expectShape(r, ApiAccessRequest, 'AccessRequestState');
      if (again.id !== ctx.memory.get('externalId'))
        throw new CheckFailure(`the same id "${ctx.memory.get('externalId')}"`, describeAnswer(r));
    },
  },
  {
    id: 'accessRequests.status',
    title: 'GET /access-requests/{id} answers the request’s state',
    needs: 'accessRequests',
    async run(ctx) {
      const id = ctx.memory.get('externalId') ?? 'conformance-missing-id';
      const r = await ctx.send({ method: 'GET', path: `/access-requests/${encodeURIComponent(id)}` });
      expectStatus(r, 200);
      expectShape(r, ApiAccessRequest, 'AccessRequestState');
    },
  },
  {
    id: 'accessRequests.unknown-organization',
    title: 'a request for an unknown organization is 422 organization_unknown',
    needs: 'accessRequests',
    async run(ctx) {
      ctx.memory.set('otherRequestId', randomUUID());
      expectRefusal(await ctx.send(accessRequest(ctx, null)), 422, 'organization_unknown', true);
    },
  },
  {
    id: 'accessRequests.unknown-request',
    title: 'the status of a request the diary never had is 404 request_not_found',
    needs: 'accessRequests',
    async run(ctx) {
      const r = await ctx.send({ method: 'GET', path: `/access-requests/conformance-${randomUUID()}` });
      expectRefusal(r, 404, 'request_not_found', true);
    },
  },
  {
    id: 'errors.shape',
    title: 'every refusal of the run is JSON { "error": { "code", "message" } } with a listed code',
    async run(ctx) {
      const refusals = ctx.answers.filter((a) => a.status >= 400);
      if (refusals.length === 0) throw new CheckFailure('at least one refusal in the run', 'none');
      for (const r of refusals) {
        const body = ApiError.safeParse(r.json);
        if (!body.success || !(API_ERROR_CODES as readonly string[]).includes(body.data.error.code))
          throw new CheckFailure(
            `{ "error": { "code": one of the document's codes, "message" } }`,
            describeAnswer(r),
            describeRequest(r, ''),
          );
      }
    },
  },
  {
    id: 'timing.within-limit',
    title: 'every answer of the run came within the time limit the gateway allows',
    async run(ctx) {
      const slow = ctx.answers.filter((a) => a.elapsedMs > ctx.timeoutMs);
      if (slow.length)
        throw new CheckFailure(
          `every answer within ${ctx.timeoutMs} ms`,
          `${slow.length} of ${ctx.answers.length} slower, the first in ${Math.round(slow[0]!.elapsedMs)} ms`,
          describeRequest(slow[0], ''),
        );
    },
  },
];
