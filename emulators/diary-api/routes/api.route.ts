import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { TLSSocket } from 'node:tls';
import type { EljurAccount } from '../diary-api.fixture';
import { ELJUR_DEFAULTS, type EljurContext } from '../diary-api-emulator.options';
import { checkSignature } from '../request-signature';

/** A refusal in the API's error model (or, broken on purpose, in another shape). */
export function sendError(
  ctx: EljurContext,
  res: Response,
  status: number,
  code: string,
  message: string,
): void {
  if (ctx.brokenMode === 'wrong-error-shape') {
    res.status(status).json({ message });
    return;
  }
  res.status(status).json({ error: { code, message } });
}

const ROLES = ['student', 'parent', 'teacher', 'staff'] as const;
const LEVELS = ['municipality', 'settlement', 'type', 'organization'] as const;
const REASONS = ['organization_missing', 'profile_missing', 'data_mismatch'];

/**
 * The published diary API (docs/diary-api.openapi.json) as this diary implements it, under `ctx.apiPath`:
 * every call authenticated (the gateway's HMAC, or its client certificate over mutual TLS), answers in the
 * gateway's words, refusals in the error model `{ error: { code, message } }`.
 */
export function apiRoute(ctx: EljurContext): Router {
  const { store } = ctx;
  const router = Router();
  const api = Router();
  const fail = (res: Response, status: number, code: string, message: string) =>
    sendError(ctx, res, status, code, message);

  api.use(async (_req, _res, next) => {
    if (ctx.brokenMode === 'slow-answers') await new Promise((r) => setTimeout(r, ctx.slowMs));
    next();
  });
  api.use(
    express.json({
      limit: '16kb',
      verify: (req, _res, buf) => {
        (req as Request & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  api.use((req: Request, res: Response, next: NextFunction) => {
    if (ctx.mtls) {
      if (!(req.socket as TLSSocket).authorized)
        return fail(
          res,
          401,
          'certificate_refused',
          'A client certificate signed by the agreed CA is required',
        );
      return next();
    }
    const refusal = checkSignature(req, ctx);
    if (refusal) return fail(res, 401, refusal, `The request is not authenticated: ${refusal}`);
    next();
  });

  const account = (req: Request) => store.accounts.get(String(req.params['userId']));
  const organization = (schoolId: string) => {
    const s = store.schools.get(schoolId)!;
    return { id: s.id, name: s.name, municipality: s.municipality, settlement: s.settlement, type: s.type };
  };
  const memberships = (a: EljurAccount) =>
    a.memberships.map((m) => ({ organization: organization(m.school), role: m.role }));

  api.get('/capabilities', (_req, res) => {
    res.json({
      apiVersion: '1.0',
      abilities: {
        passwordLogin: true,
        organizationSearch: true,
        snilsMatch: true,
        children: true,
        accessRequests: true,
        linkNotifications: true,
        activeUsers: true,
      },
    });
  });

  // The reference diary keeps no sign-in history: every account that is not locked counts as active, whatever
  // the window (a vendor counts distinct accounts that signed in within it, docs/diary-api.openapi.json).
  api.get('/statistics/active-users', (req, res) => {
    const days = Number(req.query['days']);
    if (!Number.isInteger(days) || days < 1 || days > 366)
      return fail(res, 400, 'invalid_request', 'days must be an integer from 1 to 366');
    const asOf = ctx.clock.now().toISOString().slice(0, 10);
    const activeUsers = [...store.accounts.values()].filter((a) => !a.locked).length;
    res.json({ days, asOf, activeUsers });
  });

  api.post('/password-checks', (req, res) => {
    const { login, password, organizationId } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof login !== 'string' || typeof password !== 'string' || !login)
      return fail(res, 400, 'invalid_request', 'login and password are required strings');
    const now = ctx.clock.now().getTime();
    const window = ELJUR_DEFAULTS.lockoutSeconds * 1000;
    const failures = (store.failures.get(login.toLowerCase()) ?? []).filter((t) => t > now - window);
    if (failures.length >= ELJUR_DEFAULTS.maxFailedAttempts) {
      const retryAfterSeconds = Math.max(1, Math.ceil((failures[0]! + window - now) / 1000));
      return res.json({ ok: false, reason: 'rate_limited', retryAfterSeconds });
    }
    const found = store.byLogin(login);
    if (
      found &&
      typeof organizationId === 'string' &&
      !found.memberships.some((m) => m.school === organizationId)
    )
      return res.json({ ok: false, reason: 'organization_not_found' });
    if (!found || found.password !== password) {
      store.failures.set(login.toLowerCase(), [...failures, now]);
      return res.json({ ok: false, reason: 'bad_credentials' });
    }
    if (found.locked) return res.json({ ok: false, reason: 'account_locked' });
    // As most diaries do: a right password clears the failures counted so far.
    store.failures.delete(login.toLowerCase());
    res.json({ ok: true, userId: found.userId });
  });

  api.get('/users/:userId', (req, res) => {
    const a = account(req);
    if (!a) return fail(res, 404, 'user_not_found', 'No such account');
    res.json({
      userId: a.userId,
      lastName: a.lastName,
      firstName: a.firstName,
      middleName: a.middleName,
      birthDate: a.birthDate,
      snils: a.snils,
      roles: [...new Set(a.memberships.map((m) => m.role))],
      locked: a.locked,
    });
  });

  api.get('/users/:userId/memberships', (req, res) => {
    const a = account(req);
    if (!a) return fail(res, 404, 'user_not_found', 'No such account');
    res.json({ items: memberships(a) });
  });

  api.get('/users/:userId/children', (req, res) => {
    const a = account(req);
    if (!a) return fail(res, 404, 'user_not_found', 'No such account');
    const items = a.children.flatMap((id) => {
      const child = store.accounts.get(id);
      if (!child) return [];
      const school = child.memberships.find((m) => m.role === 'student')?.school;
      return [
        {
          userId: child.userId,
          lastName: child.lastName,
          firstName: child.firstName,
          birthDate: child.birthDate,
          organization: school ? organization(school) : null,
        },
      ];
    });
    res.json({ items });
  });

  if (ctx.brokenMode !== 'missing-ability')
    api.post('/school-records/search', (req, res) => {
      const snils = (req.body as Record<string, unknown> | undefined)?.['snils'];
      if (typeof snils !== 'string' || !/^\d{3}-\d{3}-\d{3} \d{2}$/.test(snils))
        return fail(res, 400, 'invalid_request', 'snils must be written XXX-XXX-XXX YY');
      const items = [...store.accounts.values()]
        .filter((a) => a.snils === snils)
        .map((a) => ({ userId: a.userId, birthDate: a.birthDate, memberships: memberships(a) }));
      res.json({ items });
    });

  api.get('/organizations', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const level = q['level'];
    if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level))
      return fail(res, 400, 'invalid_request', `level must be one of ${LEVELS.join(', ')}`);
    const text = typeof q['q'] === 'string' ? q['q'].toLocaleLowerCase('ru') : '';
    const schools = [...store.schools.values()].filter(
      (s) =>
        (typeof q['municipality'] !== 'string' || s.municipality === q['municipality']) &&
        (typeof q['settlement'] !== 'string' || s.settlement === q['settlement']) &&
        (typeof q['type'] !== 'string' || s.type === q['type']),
    );
    const choices =
      level === 'organization'
        ? schools.map((s) => ({ id: s.id, name: s.name }))
        : [...new Set(schools.map((s) => s[level as 'municipality' | 'settlement' | 'type']))].map((n) => ({
            id: n,
            name: n,
          }));
    res.json({ items: choices.filter((c) => c.name.toLocaleLowerCase('ru').includes(text)) });
  });

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
      return fail(res, 400, 'invalid_request', 'Idempotency-Key, event, linkId, userId and at are required');
    if (!store.accounts.has(userId)) return fail(res, 404, 'user_not_found', 'No such account');
    if (store.noticeKeys.has(key)) {
      if (ctx.brokenMode === 'no-idempotency')
        return fail(res, 409, 'idempotency_conflict', 'This notice was already received');
      return res.json({ outcome: 'already_recorded' });
    }
    let outcome: 'recorded' | 'superseded' = 'recorded';
    if (event === 'created') store.links.set(userId, linkId);
    else if (store.links.get(userId) === linkId) store.links.delete(userId);
    else outcome = 'superseded';
    store.noticeKeys.set(key, outcome);
    res.json({ outcome });
  });

  api.post('/access-requests', (req, res) => {
    const key = req.get('idempotency-key');
    const b = (req.body ?? {}) as Record<string, unknown>;
    const valid =
      key &&
      typeof b['requestId'] === 'string' &&
      key === b['requestId'] &&
      (b['organizationId'] === null || typeof b['organizationId'] === 'string') &&
      (b['role'] === null || (ROLES as readonly unknown[]).includes(b['role'])) &&
      REASONS.includes(String(b['reason'])) &&
      typeof b['message'] === 'string' &&
      b['message'].length <= 2000 &&
      typeof b['contact'] === 'string' &&
      typeof b['personName'] === 'string';
    if (!valid)
      return fail(
        res,
        400,
        'invalid_request',
        'The request does not fit the API (Idempotency-Key equal to requestId, fields, message up to 2000 characters)',
      );
    const organizationId = b['organizationId'] as string | null;
    if (organizationId !== null && !store.schools.has(organizationId))
      return fail(res, 422, 'organization_unknown', 'No such organization in this diary');
    const { request, repeat } = store.takeAccessRequest(
      b['requestId'] as string,
      organizationId,
      ctx.brokenMode !== 'no-idempotency',
    );
    const { id, status, resolution, userId } = request;
    res.status(repeat ? 200 : 201).json({ id, status, resolution, userId });
  });

  api.get('/access-requests/:id', (req, res) => {
    const request = store.accessRequests.get(String(req.params['id']));
    if (!request) return fail(res, 404, 'request_not_found', 'No such access request');
    const { id, status, resolution, userId } = request;
    res.json({ id, status, resolution, userId });
  });

  api.use((_req, res) => {
    if (ctx.brokenMode === 'missing-ability') return void res.status(404).type('text').send('Not Found');
    fail(res, 404, 'not_found', 'No such operation');
  });
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status < 500)
      return fail(res, status, 'invalid_request', 'The request body is not valid JSON');
    fail(res, 500, 'internal_error', 'Internal error');
  });
  router.use(ctx.apiPath, api);
  return router;
}
