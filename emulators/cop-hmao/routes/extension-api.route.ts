import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { EljurContext } from '../../diary-api/diary-api-emulator.options';
import { checkSignature } from '../../diary-api/request-signature';
import type { CopContext } from '../cop-emulator.context';
import { formatSnils, snilsDigits } from '../cop-snils';
import { AccessRequestInput, type QueuedAccessRequest } from '../state/access-requests.queue';
import type { CopOrganization, CopRole, RecordHit } from '../state/cop-records.store';

/** Where the platform deploys the extension: the published diary API's default path. */
export const EXTENSION_PATH = '/elg/v1';

/** What the extension declares (GET /capabilities): no password checks and no link notices here. */
const ABILITIES = {
  passwordLogin: false,
  organizationSearch: true,
  snilsMatch: true,
  children: true,
  accessRequests: true,
  linkNotifications: false,
};

/** The platform's roles in the diary API's words (docs/diary-api.openapi.json, Role). */
const API_ROLE: Record<CopRole, string> = {
  STUDENT: 'student',
  LEGAL_REPRESENTATIVE: 'parent',
  TEACHER: 'teacher',
  EMPLOYEE: 'staff',
  ADMINISTRATOR: 'staff',
};
const API_STATUS = { NEW: 'open', RESOLVED: 'resolved', REJECTED: 'rejected' } as const;
const LEVELS = ['municipality', 'settlement', 'type', 'organization'];

const fail = (res: Response, status: number, code: string, message: string) =>
  void res.status(status).json({ error: { code, message } });
const organizationJson = (o: CopOrganization) => ({
  id: o.id,
  name: o.name,
  municipality: o.municipality,
  type: o.type,
});
const requestJson = (r: QueuedAccessRequest) => ({
  id: r.id,
  status: API_STATUS[r.status],
  resolution: r.resolution,
  userId: r.userId,
});
const unique = <T>(items: T[], key: (item: T) => string) => [
  ...new Map(items.map((item) => [key(item), item])).values(),
];
const membershipsOf = (records: RecordHit[]) =>
  unique(
    records.map((r) => ({ organization: organizationJson(r.organization), role: API_ROLE[r.role] })),
    (m) => `${m.organization.id}/${m.role}`,
  );

/**
 * The extension the platform deploys for what ЭлЖур's own API lacks (a server's reads by user id, SNILS lookup
 * in the pupil files, the organization cascade, the access-request queue): the published diary API
 * (docs/diary-api.openapi.json) under /elg/v1, HMAC-signed by the gateway. The signature is checked by the
 * reference diary's code (emulators/diary-api/request-signature.ts), written from that document.
 */
export function extensionApiRoute(ctx: CopContext): Router {
  const { store, queue } = ctx;
  const api = Router();
  // What checkSignature reads of a diary: its keys, clock and spent nonces; never broken on purpose here.
  const signing = {
    keys: store.data.extensionKeys,
    clock: ctx.clock,
    brokenMode: null,
    store: { nonces: ctx.extensionNonces },
  } as unknown as EljurContext;

  api.use(
    express.json({
      limit: '32kb',
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

  const profileRecords = (req: Request) => store.recordsOf(String(req.params['userId']));

  api.get('/capabilities', (_req, res) => void res.json({ apiVersion: '1.0', abilities: ABILITIES }));

  api.get('/users/:userId', (req, res) => {
    const records = profileRecords(req);
    if (records.length === 0) return fail(res, 404, 'user_not_found', 'No such account');
    const first = records[0]!.person;
    const digits = records.map((r) => snilsDigits(r.person.snils)).find(Boolean);
    res.json({
      userId: first.userId,
      lastName: first.lastName,
      firstName: first.firstName,
      middleName: first.middleName,
      birthDate: records.find((r) => r.person.birthDate)?.person.birthDate ?? null,
      snils: digits ? formatSnils(digits) : null,
      roles: [...new Set(records.map((r) => API_ROLE[r.role]))],
      locked: store.blockedReason(first.userId) !== null,
    });
  });

  api.get('/users/:userId/memberships', (req, res) => {
    const records = profileRecords(req);
    if (records.length === 0) return fail(res, 404, 'user_not_found', 'No such account');
    res.json({ items: membershipsOf(records) });
  });

  api.get('/users/:userId/children', (req, res) => {
    const userId = String(req.params['userId']);
    if (profileRecords(req).length === 0) return fail(res, 404, 'user_not_found', 'No such account');
    const items = store.childrenOf(userId).map((f) => ({
      userId: f.student.userId,
      lastName: f.student.lastName,
      firstName: f.student.firstName,
      birthDate: f.student.birthDate,
      organization: organizationJson(store.organization(f.organizationId)!),
    }));
    res.json({ items });
  });

  // Schools type SNILS in every spelling: the pupil files are compared by the eleven digits.
  api.post('/school-records/search', (req, res) => {
    const snils = (req.body as Record<string, unknown> | undefined)?.['snils'];
    if (typeof snils !== 'string' || !/^\d{3}-\d{3}-\d{3} \d{2}$/.test(snils))
      return fail(res, 400, 'invalid_request', 'snils must be written XXX-XXX-XXX YY');
    const byUser = new Map<string, RecordHit[]>();
    for (const hit of store.recordsBySnils(snilsDigits(snils)!))
      byUser.set(hit.person.userId, [...(byUser.get(hit.person.userId) ?? []), hit]);
    const items = [...byUser].map(([userId, hits]) => ({
      userId,
      birthDate: hits.find((h) => h.person.birthDate)?.person.birthDate ?? null,
      memberships: membershipsOf(hits),
    }));
    res.json({ items });
  });

  // The platform's cascade has no «Населённый пункт»: that level is an empty list.
  api.get('/organizations', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const level = String(q['level']);
    if (!LEVELS.includes(level))
      return fail(res, 400, 'invalid_request', `level must be one of ${LEVELS.join(', ')}`);
    if (level === 'settlement') return void res.json({ items: [] });
    const text = typeof q['q'] === 'string' ? q['q'].toLocaleLowerCase('ru') : '';
    const found = store.data.organizations.filter(
      (o) =>
        (typeof q['municipality'] !== 'string' || o.municipality === q['municipality']) &&
        (typeof q['type'] !== 'string' || o.type === q['type']),
    );
    const choices =
      level === 'organization'
        ? found.map((o) => ({ id: o.id, name: o.name }))
        : [...new Set(found.map((o) => o[level as 'municipality' | 'type']))].map((n) => ({
            id: n,
            name: n,
          }));
    res.json({ items: choices.filter((c) => c.name.toLocaleLowerCase('ru').includes(text)) });
  });

  api.post('/access-requests', (req, res) => {
    const parsed = AccessRequestInput.safeParse(req.body);
    if (!parsed.success || req.get('idempotency-key') !== parsed.data.requestId)
      return fail(
        res,
        400,
        'invalid_request',
        'The request does not fit the API (Idempotency-Key equal to requestId, fields, message up to 2000 characters)',
      );
    if (parsed.data.organizationId !== null && !store.organization(parsed.data.organizationId))
      return fail(res, 422, 'organization_unknown', 'No such organization in this diary');
    const { request, created } = queue.submit(parsed.data);
    res.status(created ? 201 : 200).json(requestJson(request));
  });

  api.get('/access-requests/:id', (req, res) => {
    const request = queue.get(String(req.params['id']));
    if (!request) return fail(res, 404, 'request_not_found', 'No such access request');
    res.json(requestJson(request));
  });

  api.use((_req, res) => fail(res, 404, 'not_found', 'No such operation'));
  api.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status < 500)
      return fail(res, status, 'invalid_request', 'The request body is not valid JSON');
    fail(res, 500, 'internal_error', 'Internal error');
  });

  const router = Router();
  router.use(EXTENSION_PATH, api);
  return router;
}
