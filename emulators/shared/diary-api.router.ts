import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { TLSSocket } from 'node:tls';
import {
  ApiAccessRequest,
  type ApiAbility,
  type ApiAccount,
  type ApiOrganization,
  type DiaryApiRecords,
} from './diary-api.records';
import { checkSignature, type SignatureContext, type SignatureFaults } from './diary-api.signature';

/** The reference diary's broken modes that concern the protocol (its options say which is which). */
export interface DiaryApiFaults extends SignatureFaults {
  /** Refusals as `{ message }` instead of the error model. */
  readonly wrongErrorShape?: boolean;
  /** Every answer waits this long (ms). */
  readonly delayMs?: number;
  /** Declared in the capabilities though the diary has no route for it: any unknown route is the web server's 404. */
  readonly declaredWithoutRoute?: ApiAbility;
}

/** How the API is reached: where, how a caller proves it is the gateway, and the diary's clock. */
export interface DiaryApiRouterContext {
  /** The path below the base URL (docs/diary-api.openapi.json servers: `/elg/v1` by default). */
  readonly path: string;
  readonly clock: { now(): Date };
  /** The gateway's HMAC (keys and spent nonces), or its client certificate over mutual TLS. */
  readonly auth: { readonly hmac: Omit<SignatureContext, 'clock' | 'faults'> } | { readonly mtls: true };
  /** The largest JSON body taken (default 16kb). */
  readonly bodyLimit?: string;
  readonly faults?: DiaryApiFaults;
}

const LEVELS = ['municipality', 'settlement', 'type', 'organization'] as const;
const SNILS = /^\d{3}-\d{3}-\d{3} \d{2}$/;

/**
 * The published diary API (docs/diary-api.openapi.json) written once, for every emulator that implements it
 * (the reference diary, and each vendor's extension over its own records): the gateway's HMAC or client
 * certificate, the request checks and status codes, refusals in the error model `{ error: { code, message } }`.
 * What differs between diaries is only `records`.
 */
export function createDiaryApiRouter(records: DiaryApiRecords, ctx: DiaryApiRouterContext): Router {
  const faults = ctx.faults ?? {};
  const api = Router();
  const fail = (res: Response, status: number, code: string, message: string): void => {
    if (faults.wrongErrorShape) return void res.status(status).json({ message });
    res.status(status).json({ error: { code, message } });
  };
  const withAccount =
    (answer: (account: ApiAccount, req: Request, res: Response) => void) => (req: Request, res: Response) => {
      const account = records.account(String(req.params['userId']));
      if (!account) return fail(res, 404, 'user_not_found', 'No such account');
      answer(account, req, res);
    };

  if (faults.delayMs)
    api.use(async (_req, _res, next) => {
      await new Promise((r) => setTimeout(r, faults.delayMs));
      next();
    });
  api.use(
    express.json({
      limit: ctx.bodyLimit ?? '16kb',
      verify: (req, _res, buf) => {
        (req as Request & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  api.use((req: Request, res: Response, next: NextFunction) => {
    if ('mtls' in ctx.auth) {
      if (!(req.socket as TLSSocket).authorized)
        return fail(
          res,
          401,
          'certificate_refused',
          'A client certificate signed by the agreed CA is required',
        );
      return next();
    }
    const refusal = checkSignature(req, { ...ctx.auth.hmac, clock: ctx.clock, faults });
    if (refusal) return fail(res, 401, refusal, `The request is not authenticated: ${refusal}`);
    next();
  });

  api.get('/capabilities', (_req, res) => {
    const declared = (ability: ApiAbility, given: unknown) =>
      given !== undefined || faults.declaredWithoutRoute === ability;
    res.json({
      apiVersion: '1.0',
      abilities: {
        passwordLogin: declared('passwordLogin', records.checkPassword),
        organizationSearch: declared('organizationSearch', records.organizations),
        snilsMatch: declared('snilsMatch', records.schoolRecords),
        children: declared('children', records.children),
        accessRequests: declared('accessRequests', records.accessRequests),
        linkNotifications: declared('linkNotifications', records.linkNotice),
        // An optional field: absent, the diary does not report it.
        ...(records.activeUsers ? { activeUsers: true } : {}),
      },
    });
  });

  api.get(
    '/users/:userId',
    withAccount(({ memberships, ...account }, _req, res) =>
      res.json({
        userId: account.userId,
        lastName: account.lastName,
        firstName: account.firstName,
        middleName: account.middleName,
        birthDate: account.birthDate,
        snils: account.snils,
        roles: [...new Set(memberships.map((m) => m.role))],
        locked: account.locked,
      }),
    ),
  );
  api.get(
    '/users/:userId/memberships',
    withAccount((account, _req, res) => res.json({ items: account.memberships })),
  );

  const { checkPassword, children, schoolRecords, organizations, accessRequests, linkNotice, activeUsers } =
    records;

  if (checkPassword)
    api.post('/password-checks', (req, res) => {
      const { login, password, organizationId } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof login !== 'string' || typeof password !== 'string' || !login)
        return fail(res, 400, 'invalid_request', 'login and password are required strings');
      res.json(
        checkPassword({
          login,
          password,
          ...(typeof organizationId === 'string' ? { organizationId } : {}),
        }),
      );
    });

  if (children)
    api.get(
      '/users/:userId/children',
      withAccount((account, _req, res) => res.json({ items: children(account.userId) })),
    );

  if (schoolRecords)
    api.post('/school-records/search', (req, res) => {
      const snils = (req.body as Record<string, unknown> | undefined)?.['snils'];
      if (typeof snils !== 'string' || !SNILS.test(snils))
        return fail(res, 400, 'invalid_request', 'snils must be written XXX-XXX-XXX YY');
      res.json({ items: schoolRecords(snils) });
    });

  if (organizations)
    api.get('/organizations', (req, res) => {
      const q = req.query as Record<string, unknown>;
      const level = q['level'];
      if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level))
        return fail(res, 400, 'invalid_request', `level must be one of ${LEVELS.join(', ')}`);
      res.json({ items: cascade(organizations(), level as (typeof LEVELS)[number], q) });
    });

  if (linkNotice)
    api.post('/link-notices', (req, res) => {
      const key = req.get('idempotency-key');
      const { event, linkId, userId, at } = (req.body ?? {}) as Record<string, unknown>;
      if (
        !key ||
        (event !== 'created' && event !== 'removed') ||
        typeof linkId !== 'string' ||
        typeof userId !== 'string' ||
        typeof at !== 'string' ||
        Number.isNaN(Date.parse(at))
      )
        return fail(
          res,
          400,
          'invalid_request',
          'Idempotency-Key, event, linkId, userId and at are required',
        );
      if (!records.account(userId)) return fail(res, 404, 'user_not_found', 'No such account');
      const outcome = linkNotice(key, { event, linkId, userId, at });
      if (outcome === 'idempotency_conflict')
        return fail(res, 409, 'idempotency_conflict', 'This Idempotency-Key was used for another notice');
      res.json({ outcome });
    });

  if (accessRequests) {
    api.post('/access-requests', (req, res) => {
      const parsed = ApiAccessRequest.safeParse(req.body);
      const taken =
        parsed.success && req.get('idempotency-key') === parsed.data.requestId
          ? accessRequests.submit(parsed.data)
          : 'invalid_request';
      if (taken === 'invalid_request')
        return fail(
          res,
          400,
          'invalid_request',
          'The request does not fit the API (Idempotency-Key equal to requestId, fields, message up to 2000 characters)',
        );
      if (taken === 'organization_unknown')
        return fail(res, 422, 'organization_unknown', 'No such organization in this diary');
      const { id, status, resolution, userId } = taken.request;
      res.status(taken.created ? 201 : 200).json({ id, status, resolution, userId });
    });
    api.get('/access-requests/:id', (req, res) => {
      const request = accessRequests.get(String(req.params['id']));
      if (!request) return fail(res, 404, 'request_not_found', 'No such access request');
      const { id, status, resolution, userId } = request;
      res.json({ id, status, resolution, userId });
    });
  }

  if (activeUsers)
    api.get('/statistics/active-users', (req, res) => {
      const days = Number(req.query['days']);
      if (!Number.isInteger(days) || days < 1 || days > 366)
        return fail(res, 400, 'invalid_request', 'days must be an integer from 1 to 366');
      res.json({ days, asOf: ctx.clock.now().toISOString().slice(0, 10), activeUsers: activeUsers(days) });
    });

  api.use((_req, res) => {
    if (faults.declaredWithoutRoute) return void res.status(404).type('text').send('Not Found');
    fail(res, 404, 'not_found', 'No such operation');
  });
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status < 500)
      return fail(res, status, 'invalid_request', 'The request body is not valid JSON');
    fail(res, 500, 'internal_error', 'Internal error');
  });

  const router = Router();
  router.use(ctx.path, api);
  return router;
}

/**
 * One level of the organization cascade (GET /organizations): the organizations within the choices made so
 * far, as themselves at the last level or as the distinct names of a level above, filtered by part of the name.
 * An organization without a settlement (a diary whose cascade has no such level) is not narrowed by one.
 */
function cascade(
  all: readonly ApiOrganization[],
  level: (typeof LEVELS)[number],
  q: Record<string, unknown>,
): Array<{ id: string; name: string }> {
  const chosen = (field: 'municipality' | 'settlement' | 'type', value: string | undefined) =>
    typeof q[field] !== 'string' || value === undefined || value === q[field];
  const within = all.filter(
    (o) =>
      chosen('municipality', o.municipality) && chosen('settlement', o.settlement) && chosen('type', o.type),
  );
  const choices =
    level === 'organization'
      ? within.map((o) => ({ id: o.id, name: o.name }))
      : [...new Set(within.flatMap((o) => (o[level] === undefined ? [] : [o[level]!])))].map((n) => ({
          id: n,
          name: n,
        }));
  const text = typeof q['q'] === 'string' ? q['q'].toLocaleLowerCase('ru') : '';
  return choices.filter((c) => c.name.toLocaleLowerCase('ru').includes(text));
}
