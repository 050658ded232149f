import { Router, type Request, type RequestHandler } from 'express';
import { ValidationError } from '../../core/errors';
import type { OpsService } from '../../services/ops.service';
import { personQueryOf, type PersonDataService } from '../../services/person-data.service';
import { erasureSummary, exportSummary } from '../../services/person-summary';
import { readinessCsv } from '../../services/readiness';
import { OPS_OPENAPI } from './ops-openapi';

const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const tenant = (req: Request) => str(req.params['tenantId']);

/** An instant from JSON; a missing or malformed one is a 400 naming the field. */
export function instant(value: unknown, field: string): Date {
  const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new ValidationError([`${field}: expected an ISO 8601 instant`]);
  return d;
}

/**
 * The JSON ops API under /api/ops/v1 (bearer tokens): the console's operations, one route each, all through
 * OpsService (or PersonDataService for a person's data), which checks the region scope and the role. OpenAPI
 * at /api/ops/v1/openapi.json.
 */
export function opsApiRoutes(ops: OpsService, auth: RequestHandler, persons?: PersonDataService): Router {
  const r = Router();
  r.get('/openapi.json', (_req, res) => void res.json(OPS_OPENAPI));
  r.use(auth);
  r.get('/regions', async (req, res) => void res.json({ regions: await ops.regions(req.operator!) }));
  r.get('/regions/:tenantId', async (req, res) => {
    const op = req.operator!;
    const [region, policy, overrides] = await Promise.all([
      ops.region(op, tenant(req)),
      ops.settings(op, tenant(req)),
      ops.overridesOf(op, tenant(req)),
    ]);
    res.json({ region, policy, ...overrides });
  });
  r.post('/regions/:tenantId/policy/preview', async (req, res) => {
    const instanceId = str(body(req)['instanceId']) || null;
    res.json(await ops.preview(req.operator!, tenant(req), body(req), instanceId));
  });
  r.put('/regions/:tenantId/policy', async (req, res) => {
    const b = body(req);
    const saved = await ops.apply(
      req.operator!,
      tenant(req),
      b,
      str(b['reason']),
      str(b['instanceId']) || null,
    );
    res.json({ policy: saved });
  });
  r.post('/regions/:tenantId/bypasses', async (req, res) => {
    const b = body(req);
    const bypass = await ops.declareBypass(req.operator!, tenant(req), {
      endsAt: instant(b['endsAt'], 'endsAt'),
      startsAt: b['startsAt'] === undefined ? undefined : instant(b['startsAt'], 'startsAt'),
      reason: str(b['reason']),
      instanceId: str(b['instanceId']) || null,
    });
    res.status(201).json({ bypass });
  });
  r.post('/regions/:tenantId/bypasses/:id/end', async (req, res) => {
    const ended = await ops.endBypass(
      req.operator!,
      tenant(req),
      str(req.params['id']),
      str(body(req)['reason']),
    );
    res.json({ bypass: ended });
  });
  r.post('/regions/:tenantId/exemptions', async (req, res) => {
    const b = body(req);
    const exemption = await ops.addExemption(req.operator!, tenant(req), {
      instanceId: str(b['instanceId']),
      legacyUserId: str(b['userId']),
      reason: str(b['reason']),
      expiresAt: b['expiresAt'] ? instant(b['expiresAt'], 'expiresAt') : null,
    });
    res.status(201).json({ exemption });
  });
  r.post('/regions/:tenantId/exemptions/:id/revoke', async (req, res) => {
    const done = await ops.revokeExemption(
      req.operator!,
      tenant(req),
      str(req.params['id']),
      str(body(req)['reason']),
    );
    res.json({ exemption: done });
  });
  r.get('/regions/:tenantId/readiness', async (req, res) => {
    const days = await ops.readiness(
      req.operator!,
      tenant(req),
      Number(req.query['days'] ?? 30),
      str(req.query['instance']) || null,
    );
    if (req.query['format'] === 'csv') return void res.type('text/csv').send(readinessCsv(days));
    res.json({ days });
  });
  r.get('/audit', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const entries = await ops.auditLog(req.operator!, {
      tenantId: str(q['tenant']) || undefined,
      changedBy: str(q['by']) || undefined,
      from: q['from'] ? instant(q['from'], 'from') : undefined,
      to: q['to'] ? instant(q['to'], 'to') : undefined,
      text: str(q['q']) || undefined,
    });
    res.json({ entries });
  });
  if (persons) {
    // POST, so that no identifier of the person is in an address (or an access log).
    r.post('/persons/export', async (req, res) => {
      const found = await persons.export(req.operator!, personQueryOf(body(req)), str(body(req)['reason']));
      res.set('Cache-Control', 'no-store').json({ export: found, summary: exportSummary(found) });
    });
    r.post('/persons/erase', async (req, res) => {
      const erased = await persons.erase(req.operator!, personQueryOf(body(req)), str(body(req)['reason']));
      res.set('Cache-Control', 'no-store').json({ erasure: erased, summary: erasureSummary(erased) });
    });
  }
  return r;
}
