import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../../core/errors';
import type { OpsService } from '../../services/ops.service';
import { personQueryOf, type PersonDataService } from '../../services/person-data.service';
import { erasureSummary, exportSummary } from '../../services/person-summary';
import { PolicyInvalidError } from '../../core/policy.errors';
import { readinessCsv } from '../../services/readiness';
import type { OperatorsRepository } from '../../store/operators.repository';
import { csrfToken } from '../csrf';
import { auditPage } from '../views/ops/audit.page';
import { personErasedPage, personExportPage, personLookupPage } from '../views/ops/person.page';
import { previewPage } from '../views/ops/preview.page';
import { readinessPage } from '../views/ops/readiness.page';
import { regionPage } from '../views/ops/region.page';
import { opsSignInPage, regionsPage } from '../views/ops/regions.page';
import { instant } from './ops-api.routes';
import { sessionOperator } from './operator-auth';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const form = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const tenant = (req: Request) => str(req.params['tenantId']);
/** A `datetime-local` value is read as UTC (the form says so). */
const utc = (v: unknown, field: string) =>
  instant(/Z$|[+-]\d\d:\d\d$/.test(str(v)) ? v : `${str(v)}Z`, field);
const send = (res: Response, page: string, status = 200) =>
  void res.status(status).set('Cache-Control', 'no-store').type('html').send(page);
const back = (res: Response, tenantId: string) => void res.redirect(303, `/ops/regions/${tenantId}`);
const POLICY_FIELDS = [
  'mode',
  'timeZone',
  'announceDate',
  'cutoverDate',
  'warnDays',
  'minimumAge',
  'roles',
  'unknownBirthDateRule',
];
const policyInput = (req: Request) =>
  Object.fromEntries(POLICY_FIELDS.filter((k) => k in form(req)).map((k) => [k, form(req)[k]]));

/**
 * The operators' console under /ops (Russian, server-rendered, CSRF on every form by the app's middleware).
 * A change is two steps: preview (nothing written) then confirm with a required reason.
 */
export function opsConsoleRoutes(
  ops: OpsService,
  operators: Pick<OperatorsRepository, 'findActive'>,
  persons?: PersonDataService,
): Router {
  const r = Router();
  r.use(
    '/ops',
    sessionOperator(operators, (_req, res) => send(res, opsSignInPage(), 401)),
  );
  r.get('/ops', async (req, res) =>
    send(res, regionsPage(await ops.regions(req.operator!), req.operator!.actor)),
  );
  r.get('/ops/regions/:tenantId', async (req, res) => {
    const op = req.operator!;
    const [region, settings, overrides] = await Promise.all([
      ops.region(op, tenant(req)),
      ops.settings(op, tenant(req)),
      ops.overridesOf(op, tenant(req)),
    ]);
    const editor = op.role === 'editor';
    send(res, regionPage({ region, settings, ...overrides, csrf: csrfToken(req), who: op.actor, editor }));
  });
  r.post('/ops/regions/:tenantId/policy/preview', async (req, res) => {
    const preview = await ops.preview(req.operator!, tenant(req), policyInput(req));
    const page = previewPage({
      tenantId: tenant(req),
      preview,
      problems: preview.problems,
      csrf: csrfToken(req),
      who: req.operator!.actor,
    });
    send(res, page, preview.problems.length ? 422 : 200);
  });
  r.post('/ops/regions/:tenantId/policy/confirm', async (req, res) => {
    try {
      await ops.apply(req.operator!, tenant(req), policyInput(req), str(form(req)['reason']));
    } catch (err) {
      if (!(err instanceof PolicyInvalidError)) throw err;
      const preview = await ops.preview(req.operator!, tenant(req), policyInput(req));
      const page = previewPage({
        tenantId: tenant(req),
        preview,
        problems: err.problems,
        csrf: csrfToken(req),
        who: req.operator!.actor,
      });
      return send(res, page, 422);
    }
    back(res, tenant(req));
  });
  r.post('/ops/regions/:tenantId/bypasses', async (req, res) => {
    await ops.declareBypass(req.operator!, tenant(req), {
      endsAt: utc(form(req)['endsAt'], 'endsAt'),
      reason: str(form(req)['reason']),
    });
    back(res, tenant(req));
  });
  r.post('/ops/regions/:tenantId/bypasses/:id/end', async (req, res) => {
    await ops.endBypass(req.operator!, tenant(req), str(req.params['id']), str(form(req)['reason']));
    back(res, tenant(req));
  });
  r.post('/ops/regions/:tenantId/exemptions', async (req, res) => {
    const f = form(req);
    await ops.addExemption(req.operator!, tenant(req), {
      instanceId: str(f['instanceId']),
      legacyUserId: str(f['userId']),
      reason: str(f['reason']),
      expiresAt: str(f['expiresAt']) ? utc(f['expiresAt'], 'expiresAt') : null,
    });
    back(res, tenant(req));
  });
  r.post('/ops/regions/:tenantId/exemptions/:id/revoke', async (req, res) => {
    await ops.revokeExemption(req.operator!, tenant(req), str(req.params['id']), str(form(req)['reason']));
    back(res, tenant(req));
  });
  r.get(['/ops/regions/:tenantId/readiness', '/ops/regions/:tenantId/readiness.csv'], async (req, res) => {
    const instanceId = str(req.query['instance']) || null;
    const days = await ops.readiness(req.operator!, tenant(req), Number(req.query['days'] ?? 30), instanceId);
    if (req.path.endsWith('.csv')) {
      res.set(
        'Content-Disposition',
        `attachment; filename="readiness-${tenant(req)}${instanceId ? `-${instanceId}` : ''}.csv"`,
      );
      return void res.type('text/csv').send(readinessCsv(days));
    }
    send(
      res,
      readinessPage({
        region: await ops.region(req.operator!, tenant(req)),
        instanceId,
        days,
        who: req.operator!.actor,
      }),
    );
  });
  r.get('/ops/audit', async (req, res) => {
    const q = Object.fromEntries(['tenant', 'by', 'from', 'to', 'q'].map((k) => [k, str(req.query[k])]));
    const filter = {
      tenantId: q['tenant'] || undefined,
      changedBy: q['by'] || undefined,
      from: q['from'] ? instant(q['from'], 'from') : undefined,
      to: q['to'] ? new Date(instant(q['to'], 'to').getTime() + 86_400_000) : undefined,
      text: q['q'] || undefined,
    };
    const [entries, admin] = await Promise.all([
      ops.auditLog(req.operator!, filter),
      ops.adminAuditLog(req.operator!, filter),
    ]);
    send(res, auditPage({ entries, admin, filter: q, who: req.operator!.actor }));
  });
  if (persons) personRoutes(r, ops, persons);
  return r;
}

/** A person's data on request: look up, export (page or JSON download), erase after an explicit confirmation. */
function personRoutes(r: Router, ops: OpsService, persons: PersonDataService): void {
  // Identifiers travel in POST bodies only, never in an address.
  const query = (req: Request) =>
    personQueryOf({
      esiaOid: form(req)['esiaOid'],
      instanceId: form(req)['instanceId'],
      userId: form(req)['userId'],
    });
  r.get('/ops/persons', async (req, res) => {
    const op = req.operator!;
    const page = personLookupPage({
      regions: await ops.regions(op),
      csrf: csrfToken(req),
      who: op.actor,
      editor: op.role === 'editor',
    });
    send(res, page);
  });
  r.post('/ops/persons/export', async (req, res) => {
    const reason = str(form(req)['reason']);
    const found = await persons.export(req.operator!, query(req), reason);
    if (str(form(req)['format']) === 'json') {
      res.set('Content-Disposition', 'attachment; filename="personal-data.json"');
      return void res.set('Cache-Control', 'no-store').json({ export: found, summary: exportSummary(found) });
    }
    const who = req.operator!.actor;
    send(
      res,
      personExportPage({
        query: found.query,
        summary: exportSummary(found),
        reason,
        csrf: csrfToken(req),
        who,
      }),
    );
  });
  r.post('/ops/persons/erase', async (req, res) => {
    if (str(form(req)['confirm']) !== 'yes')
      throw new ValidationError(['confirm: the erasure must be confirmed']);
    const erased = await persons.erase(req.operator!, query(req), str(form(req)['reason']));
    send(res, personErasedPage({ summary: erasureSummary(erased), who: req.operator!.actor }));
  });
}
