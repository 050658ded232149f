import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { signVendorRequest } from '../../shared/vendor-api.client';
import { DNEVNIK_DEFAULTS, type DnevnikContext } from '../dnevnik-emulator.options';
import type { DnevnikPerson, DnevnikSchool } from '../dnevnik.fixture';
import { gatewayRoleOf } from './extension-roles';

/** How far the gateway's clock may be from the diary's; a nonce is remembered twice as long. */
const TOLERANCE_SECONDS = 300;
const LINK_ID = /^[A-Za-z0-9-]{1,64}$/;

type RawRequest = Request & { rawBody?: Buffer };

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * The published diary API's signature (docs/diary-api.openapi.json "Authentication": the canonical string of
 * docs/vendor-api.md, which emulators/shared/vendor-api.client.ts writes for the diaries' own calls), a
 * timestamp within ±300 s and a nonce spent once.
 */
function checkSignature(req: RawRequest, ctx: DnevnikContext): string | null {
  const keyId = req.get('x-elg-key-id');
  const timestamp = req.get('x-elg-timestamp');
  const nonce = req.get('x-elg-nonce');
  const signature = req.get('x-elg-signature');
  if (!keyId || !timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp)) return 'headers_missing';
  const now = ctx.clock.now().getTime();
  if (Math.abs(now / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return 'timestamp_out_of_range';
  const key = ctx.extensionKeys.find((k) => k.keyId === keyId);
  if (!key) return 'unknown_key';
  const expected = signVendorRequest({
    method: req.method,
    pathWithQuery: req.originalUrl,
    body: (req.rawBody ?? Buffer.alloc(0)).toString('utf8'),
    keyId,
    secret: key.secret,
    now: new Date(Number(timestamp) * 1000),
    nonce,
  })['X-ELG-Signature']!;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'signature_invalid';
  for (const [seen, until] of ctx.store.nonces) if (until <= now) ctx.store.nonces.delete(seen);
  const spent = `${keyId}:${nonce}`;
  if (ctx.store.nonces.has(spent)) return 'nonce_replayed';
  ctx.store.nonces.set(spent, now + TOLERANCE_SECONDS * 2000);
  return null;
}

/**
 * The diary-API extension Дневник.ру would deploy (docs/diary-api.openapi.json) for what its own API does not
 * offer the gateway: reads by an arbitrary user id without that user's token, and link notices. Answers in the
 * gateway's words; refusals in the API's error model `{ error: { code, message } }`.
 */
export function extensionRoute(ctx: DnevnikContext): Router {
  const { store } = ctx;
  const api = Router();
  api.use(
    express.json({
      limit: '16kb',
      verify: (req, _res, buf) => {
        (req as RawRequest).rawBody = buf;
      },
    }),
  );
  api.use((req: Request, res: Response, next: NextFunction) => {
    const refusal = checkSignature(req, ctx);
    if (refusal) return fail(res, 401, refusal, `The request is not authenticated: ${refusal}`);
    next();
  });

  const organization = (s: DnevnikSchool) => ({
    id: s.id,
    name: s.name,
    municipality: s.municipality,
    type: s.type,
  });
  const memberships = (p: DnevnikPerson) => {
    const seen = new Set<string>();
    return p.memberships.flatMap((m) => {
      const role = gatewayRoleOf(m);
      if (!role || seen.has(`${m.school}/${role}`)) return [];
      seen.add(`${m.school}/${role}`);
      return [{ organization: organization(store.school(m.school)!), role }];
    });
  };
  const withUser = (handle: (p: DnevnikPerson, res: Response) => void) => (req: Request, res: Response) => {
    const person = store.user(String(req.params['userId']));
    if (!person) return fail(res, 404, 'user_not_found', 'No such account');
    handle(person, res);
  };

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

  api.get(
    '/users/:userId',
    withUser((p, res) =>
      res.json({
        userId: p.userId,
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName || null,
        birthDate: p.birthDate,
        // Дневник.ру hands no SNILS to third parties.
        snils: null,
        roles: [...new Set(memberships(p).map((m) => m.role))],
        locked: p.blocked,
      }),
    ),
  );
  api.get(
    '/users/:userId/memberships',
    withUser((p, res) => res.json({ items: memberships(p) })),
  );
  api.get(
    '/users/:userId/children',
    withUser((p, res) =>
      res.json({
        items: store.children(p).map((child) => {
          const study = child.memberships.find((m) => m.role === 'EduStudent');
          const school = study ? store.school(study.school) : undefined;
          return {
            userId: child.userId,
            lastName: child.lastName,
            firstName: child.firstName,
            birthDate: child.birthDate,
            organization: school ? organization(school) : null,
          };
        }),
      }),
    ),
  );

  /**
   * A link notice, idempotent on `Idempotency-Key`; a removal of an older link than the current one changes
   * nothing (`superseded`), so a late unlink cannot undo a newer link.
   */
  api.post('/link-notices', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = req.get('idempotency-key');
    const at = typeof body.at === 'string' ? new Date(body.at) : null;
    if (
      !key ||
      (body.event !== 'created' && body.event !== 'removed') ||
      typeof body.linkId !== 'string' ||
      !LINK_ID.test(body.linkId) ||
      typeof body.userId !== 'string' ||
      !at ||
      isNaN(at.getTime())
    )
      return fail(res, 400, 'invalid_request', 'event, linkId, userId, at and Idempotency-Key are required');
    if (!store.user(body.userId)) return fail(res, 404, 'user_not_found', 'No such account');
    const fingerprint = `${body.event}:${body.linkId}:${body.userId}`;
    const repeat = store.idempotent.get(key);
    if (repeat && repeat !== fingerprint)
      return fail(res, 422, 'idempotency_conflict', 'This Idempotency-Key was used for another notice');
    if (repeat) return res.status(200).json({ outcome: 'already_recorded' });
    const mark = store.links.get(body.userId);
    let outcome: 'recorded' | 'already_recorded' | 'superseded';
    if (body.event === 'created') {
      if (mark?.linkId === body.linkId) outcome = 'already_recorded';
      else {
        store.links.set(body.userId, { linkId: body.linkId, linkedAt: at.toISOString() });
        store.linkNoticesApplied.set(body.linkId, (store.linkNoticesApplied.get(body.linkId) ?? 0) + 1);
        outcome = 'recorded';
      }
    } else if (!mark) outcome = 'already_recorded';
    else if (mark.linkId !== body.linkId) outcome = 'superseded';
    else {
      store.links.delete(body.userId);
      outcome = 'recorded';
    }
    store.idempotent.set(key, fingerprint);
    res.status(200).json({ outcome });
  });

  api.use((_req: Request, res: Response) => fail(res, 404, 'not_found', 'No such route'));

  const router = Router();
  router.use(DNEVNIK_DEFAULTS.extensionPath, api);
  return router;
}
