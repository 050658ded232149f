import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { checkSignature } from '../../diary-api/request-signature';
import { apiRoleOf, type ApiRole } from '../roles';
import type { DiaryUser, School } from '../setevoy.directory';
import type { SetevoyContext } from '../setevoy-emulator.options';

/** A SNILS as the school typed it (typo included), written as the diary API spells one; null if not 11 digits. */
function apiSnils(typed: string | null): string | null {
  const d = (typed ?? '').replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)} ${d.slice(9)}` : null;
}

const organization = (s: School) => ({
  id: String(s.id),
  name: s.name,
  municipality: s.municipality,
  type: s.type,
});

/**
 * The extension the vendor would deploy for the gateway: part of the published diary API
 * (docs/diary-api.openapi.json) below `ctx.extension.apiPath`, for what the system's own API offers only to a
 * signed-in user or not at all: an account by id (with the SNILS the school typed), its memberships, a parent's
 * children, and link notices. Requests carry the gateway's HMAC, checked by the reference diary's check
 * (emulators/diary-api/request-signature.ts); refusals in the error model `{ error: { code, message } }`.
 * Pupils' records without a login are not accounts.
 */
export function extensionRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const api = Router();
  const fail = (res: Response, status: number, code: string, message: string) =>
    void res.status(status).json({ error: { code, message } });
  const signing = { clock: ctx.clock, keys: ctx.extension.keys, brokenMode: null, store: ctx.store };

  api.use(
    express.json({
      limit: '16kb',
      verify: (req, _res, buf) => {
        (req as Request & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  api.use((req: Request, res: Response, next: NextFunction) => {
    const refusal = checkSignature(req, signing);
    if (refusal) return fail(res, 401, refusal, `The request is not authenticated: ${refusal}`);
    next();
  });

  const account = (req: Request): DiaryUser | undefined => {
    const id = String(req.params['userId'] ?? '');
    const user = /^\d{1,18}$/.test(id) ? ctx.directory.user(Number(id)) : undefined;
    return user && user.login !== null ? user : undefined;
  };
  /** The account's memberships in the API's roles; a role the API has no word for is left out (roles.ts). */
  const memberships = (u: DiaryUser) =>
    u.memberships.flatMap(({ school, role }) => {
      const apiRole = apiRoleOf(role);
      return apiRole ? [{ organization: organization(school), role: apiRole }] : [];
    });

  api.get('/capabilities', (_req, res) => {
    res.json({
      apiVersion: '1.0',
      abilities: {
        passwordLogin: false,
        organizationSearch: false,
        snilsMatch: false,
        children: true,
        accessRequests: false,
        linkNotifications: true,
      },
    });
  });

  api.get('/users/:userId', (req, res) => {
    const u = account(req);
    if (!u) return fail(res, 404, 'user_not_found', 'No such account');
    res.json({
      userId: String(u.id),
      lastName: u.lastName,
      firstName: u.firstName,
      middleName: u.middleName,
      birthDate: u.birthDate,
      snils: apiSnils(u.snils),
      roles: [...new Set(memberships(u).map((m) => m.role))] satisfies ApiRole[],
      locked: u.locked,
    });
  });

  api.get('/users/:userId/memberships', (req, res) => {
    const u = account(req);
    if (!u) return fail(res, 404, 'user_not_found', 'No such account');
    res.json({ items: memberships(u) });
  });

  api.get('/users/:userId/children', (req, res) => {
    const u = account(req);
    if (!u) return fail(res, 404, 'user_not_found', 'No such account');
    const items = u.childIds.flatMap((id) => {
      const child = ctx.directory.user(id);
      if (!child) return [];
      const school = child.memberships.find((m) => m.role === 'Student')?.school;
      return [
        {
          userId: child.login === null ? null : String(child.id),
          lastName: child.lastName,
          firstName: child.firstName,
          birthDate: child.birthDate,
          organization: school ? organization(school) : null,
        },
      ];
    });
    res.json({ items });
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
    const user = /^\d{1,18}$/.test(userId) ? ctx.directory.user(Number(userId)) : undefined;
    if (!user || user.login === null) return fail(res, 404, 'user_not_found', 'No such account');
    res.json({ outcome: ctx.store.takeNotice(key, { event, linkId, userId: user.id, at }) });
  });

  api.use((_req, res) => fail(res, 404, 'not_found', 'No such operation'));
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status < 500)
      return fail(res, status, 'invalid_request', 'The request body is not valid JSON');
    fail(res, 500, 'internal_error', 'Internal error');
  });
  router.use(ctx.extension.apiPath, api);
  return router;
}
