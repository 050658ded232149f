import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ruDate, type CopContext } from '../cop-emulator.context';
import { snilsDigits } from '../cop-snils';
import { AccessRequestInput, type QueuedAccessRequest } from '../state/access-requests.queue';
import type { CopOrganization, RecordHit } from '../state/cop-records.store';

const apiError = (res: Response, status: number, code: string, message: string) =>
  void res.status(status).json({ error: { code, message } });

const organizationJson = (o: CopOrganization) => ({
  id: o.id,
  shortName: o.name,
  municipality: o.municipality,
  type: o.type,
});

const requestJson = (r: QueuedAccessRequest) => ({
  id: r.id,
  requestId: r.requestId,
  organizationId: r.organizationId,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  resolvedAt: r.resolvedAt?.toISOString() ?? null,
  resolution: r.resolution,
  userId: r.userId,
});

const unique = <T>(items: T[], key: (item: T) => string) => [
  ...new Map(items.map((item) => [key(item), item])).values(),
];

/**
 * The integration API `/api/integration/v1` (X-Api-Key). Its quirks are the platform's, on purpose: dates as
 * `dd.MM.yyyy`, SNILS as eleven bare digits, roles as the platform's codes, ids as strings.
 */
export function integrationApiRoute(ctx: CopContext): Router {
  const router = Router();
  const { store, queue } = ctx;

  router.use('/api/integration/v1', (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('X-Api-Key');
    if (!key || !ctx.apiKeys.has(key)) return apiError(res, 401, 'UNAUTHORIZED', 'Неверный ключ API');
    next();
  });
  router.use('/api/integration/v1', express.json({ limit: '32kb' }));

  router.get('/api/integration/v1/profiles/:userId', (req, res) => {
    const records = store.recordsOf(req.params.userId);
    if (records.length === 0) return apiError(res, 404, 'PROFILE_NOT_FOUND', 'Профиль не найден');
    const first = records[0]!.person;
    res.json({
      id: first.userId,
      lastName: first.lastName,
      firstName: first.firstName,
      middleName: first.middleName,
      birthDate: ruDate(records.find((r) => r.person.birthDate)?.person.birthDate ?? null),
      snils: records.map((r) => snilsDigits(r.person.snils)).find(Boolean) ?? null,
      roles: [...new Set(records.map((r) => r.role))],
      blocked: store.blockedReason(first.userId) !== null,
    });
  });

  router.get('/api/integration/v1/profiles/:userId/memberships', (req, res) => {
    const records = unique(store.recordsOf(req.params.userId), (r) => `${r.organization.id}/${r.role}`);
    res.json({
      items: records.map((r) => ({ organization: organizationJson(r.organization), role: r.role })),
    });
  });

  router.get('/api/integration/v1/profiles/:userId/children', (req, res) => {
    const items = store.childrenOf(req.params.userId).map((file) => ({
      userId: file.student.userId,
      lastName: file.student.lastName,
      firstName: file.student.firstName,
      birthDate: ruDate(file.student.birthDate),
      class: file.class,
      organization: organizationJson(store.organization(file.organizationId)!),
    }));
    res.json({ items });
  });

  router.get('/api/integration/v1/records', (req, res) => {
    const digits = snilsDigits(typeof req.query.snils === 'string' ? req.query.snils : null);
    if (!digits) return apiError(res, 400, 'INVALID_SNILS', 'СНИЛС должен состоять из 11 цифр');
    const hitJson = (r: RecordHit) => ({
      userId: r.person.userId,
      recordType: r.recordType,
      birthDate: ruDate(r.person.birthDate),
      role: r.role,
      organization: organizationJson(r.organization),
    });
    res.json({ items: store.recordsBySnils(digits).map(hitJson) });
  });

  router.get('/api/integration/v1/organizations', (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    const text = q('q').toLocaleLowerCase('ru');
    const items = store.data.organizations.filter(
      (o) =>
        (!q('municipality') || o.municipality === q('municipality')) &&
        (!q('type') || o.type === q('type')) &&
        (!text || o.name.toLocaleLowerCase('ru').includes(text)),
    );
    res.json({ items: items.map(organizationJson) });
  });

  router.post('/api/integration/v1/access-requests', (req, res) => {
    const parsed = AccessRequestInput.safeParse(req.body);
    if (!parsed.success) return apiError(res, 400, 'VALIDATION_FAILED', 'Заявка заполнена неверно');
    const { organizationId } = parsed.data;
    if (organizationId !== null && !store.organization(organizationId))
      return apiError(res, 422, 'UNKNOWN_ORGANIZATION', 'Организация не найдена');
    const { request, created } = queue.submit(parsed.data);
    res.status(created ? 201 : 200).json(requestJson(request));
  });

  router.get('/api/integration/v1/access-requests/:id', (req, res) => {
    const request = queue.get(req.params.id);
    if (!request) return apiError(res, 404, 'NOT_FOUND', 'Заявка не найдена');
    res.json(requestJson(request));
  });

  return router;
}
