import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../../core/errors';
import type { OpsService } from '../../services/ops.service';
import { personQueryOf, type PersonDataService } from '../../services/person-data.service';
import { erasureSummary, exportSummary } from '../../services/person-summary';
import { PolicyInvalidError } from '../../core/policy.errors';
import { readinessCsv } from '../../services/readiness';
import type { OperatorsRepository } from '../../store/operators.repository';
import { csrfToken } from '../csrf';
import { saveSession } from '../sessions';
import { auditPage } from '../views/ops/audit.page';
import { personErasedPage, personExportPage, personLookupPage } from '../views/ops/person.page';
import { previewPage } from '../views/ops/preview.page';
import { readinessPage } from '../views/ops/readiness.page';
import { opsSignInPage } from '../views/ops/regions.page';
import { overviewPage } from '../views/ops/overview.page';
import { bypassConfirmPage, regionPage, settingsPage } from '../views/ops/region.page';
import type { Viewer } from '../views/ops/ops-page';
import { actorName, whenIn } from '../views/ops/ru';
import { settingValue, SETTING_LABELS } from '../views/ops/settings-labels';
import type { HealthReport } from '../../services/dependency-health';
import { assertEdits, type OperatorPrincipal } from '../../services/ops-access';
import type { PolicySettings } from '../../core/policy-settings';
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
/** The notice the next page shows, stored before the redirect to it goes out (sessions.ts `saveSession`). */
async function noticeThen(req: Request, res: Response, notice: string, to: string): Promise<void> {
  req.session.opsNotice = notice;
  await saveSession(req);
  res.redirect(303, to);
}
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

declare module 'express-session' {
  interface SessionData {
    /** The console's confirmation of a change, shown once on the next page. */
    opsNotice?: string;
  }
}

/** The console's header: the operator's name (no technical ids), role and regions. */
const viewerOf = (op: OperatorPrincipal): Viewer => ({
  name: op.name ?? actorName(op.actor),
  role: op.role,
  tenantIds: [...op.tenantIds].sort(),
});
const who = (req: Request) => viewerOf(req.operator!);

/** Takes the confirmation a change left in the session (shown once). */
function noticeOf(req: Request): string | null {
  const notice = req.session.opsNotice ?? null;
  if (notice) delete req.session.opsNotice;
  return notice;
}

/** What changed in a policy, in words, for the confirmation («Дата перехода: 01.12.2026 → 15.12.2026»). */
function changedFields(before: PolicySettings, after: PolicySettings): string {
  const keys = Object.keys(SETTING_LABELS) as Array<keyof PolicySettings>;
  const changed = keys.filter((k) => settingValue(k, before[k]) !== settingValue(k, after[k]));
  return changed.length
    ? changed
        .map((k) => `${SETTING_LABELS[k]}: ${settingValue(k, before[k])} → ${settingValue(k, after[k])}`)
        .join('; ')
    : 'настройки не изменились';
}

/**
 * The operators' console under /ops (Russian, server-rendered, CSRF on every form by the app's middleware).
 * A change is two steps: preview (nothing written) then confirm with a required reason; so is an ESIA-outage
 * bypass. Every change ends with a confirmation naming what changed and when it takes effect.
 */
export function opsConsoleRoutes(
  ops: OpsService,
  operators: Pick<OperatorsRepository, 'findActive'>,
  persons?: PersonDataService,
  health: HealthReport = async () => [],
): Router {
  const r = Router();
  r.use(
    '/ops',
    sessionOperator(operators, (_req, res) => send(res, opsSignInPage(), 401)),
  );
  r.get('/ops', async (req, res) => {
    const op = req.operator!;
    const [regions, deps] = await Promise.all([
      ops.regions(op).then((all) => Promise.all(all.map((x) => ops.overview(op, x.id)))),
      health(),
    ]);
    send(res, overviewPage({ regions, health: deps, who: who(req), notice: noticeOf(req) }));
  });
  r.get('/ops/regions/:tenantId', async (req, res) => {
    const op = req.operator!;
    const [overview, days, deps] = await Promise.all([
      ops.overview(op, tenant(req)),
      ops.readiness(op, tenant(req), 30),
      health(),
    ]);
    const editor = op.role === 'editor';
    send(
      res,
      regionPage({
        overview,
        days,
        health: deps,
        csrf: csrfToken(req),
        who: who(req),
        editor,
        notice: noticeOf(req),
      }),
    );
  });
  r.get('/ops/regions/:tenantId/settings', async (req, res) => {
    const op = req.operator!;
    const [overview, overrides] = await Promise.all([
      ops.overview(op, tenant(req)),
      ops.overridesOf(op, tenant(req)),
    ]);
    const page = settingsPage({
      overview,
      ...overrides,
      instances: overview.region.instances,
      csrf: csrfToken(req),
      who: who(req),
      editor: op.role === 'editor',
      notice: noticeOf(req),
    });
    send(res, page);
  });
  r.post('/ops/regions/:tenantId/policy/preview', async (req, res) => {
    const preview = await ops.preview(req.operator!, tenant(req), policyInput(req));
    const page = previewPage({
      tenantId: tenant(req),
      preview,
      problems: preview.problems,
      csrf: csrfToken(req),
      who: who(req),
    });
    send(res, page, preview.problems.length ? 422 : 200);
  });
  r.post('/ops/regions/:tenantId/policy/confirm', async (req, res) => {
    const before = await ops.settings(req.operator!, tenant(req));
    let saved;
    try {
      saved = await ops.apply(req.operator!, tenant(req), policyInput(req), str(form(req)['reason']));
    } catch (err) {
      if (!(err instanceof PolicyInvalidError)) throw err;
      const preview = await ops.preview(req.operator!, tenant(req), policyInput(req));
      const page = previewPage({
        tenantId: tenant(req),
        preview,
        problems: err.problems,
        csrf: csrfToken(req),
        who: who(req),
      });
      return send(res, page, 422);
    }
    const after = await ops.settings(req.operator!, tenant(req));
    const region = await ops.region(req.operator!, tenant(req));
    await noticeThen(
      req,
      res,
      `Изменения сохранены (${whenIn(saved.createdAt, region.timeZone)}) и действуют сразу во всех ` +
        `процессах шлюза: ${changedFields(before, after)}.`,
      `/ops/regions/${tenant(req)}/settings`,
    );
  });
  r.post('/ops/regions/:tenantId/bypass/confirm', async (req, res) => {
    const op = req.operator!;
    assertEdits(op, tenant(req));
    const overview = await ops.overview(op, tenant(req));
    send(res, bypassConfirmPage({ overview, csrf: csrfToken(req), who: who(req), now: new Date() }));
  });
  r.post('/ops/regions/:tenantId/bypasses', async (req, res) => {
    const hours = Number(str(form(req)['hours']));
    const endsAt = str(form(req)['hours'])
      ? Number.isInteger(hours) && hours >= 1 && hours <= 24
        ? new Date(Date.now() + hours * 3_600_000)
        : (() => {
            throw new ValidationError(['hours: 1 to 24']);
          })()
      : utc(form(req)['endsAt'], 'endsAt');
    const bypass = await ops.declareBypass(req.operator!, tenant(req), {
      endsAt,
      reason: str(form(req)['reason']),
    });
    const region = await ops.region(req.operator!, tenant(req));
    await noticeThen(
      req,
      res,
      `Обход при сбое ЕСИА объявлен: вход по паролю открыт всем пользователям региона «${region.name}» ` +
        `с ${whenIn(bypass.startsAt, region.timeZone)} до ${whenIn(bypass.endsAt, region.timeZone)}. ` +
        'Запись добавлена в журнал изменений.',
      `/ops/regions/${tenant(req)}`,
    );
  });
  r.post('/ops/regions/:tenantId/bypasses/:id/end', async (req, res) => {
    await ops.endBypass(req.operator!, tenant(req), str(req.params['id']), str(form(req)['reason']));
    await noticeThen(
      req,
      res,
      'Обход завершён: правила перехода снова действуют.',
      `/ops/regions/${tenant(req)}/settings`,
    );
  });
  r.post('/ops/regions/:tenantId/exemptions', async (req, res) => {
    const f = form(req);
    await ops.addExemption(req.operator!, tenant(req), {
      instanceId: str(f['instanceId']),
      legacyUserId: str(f['userId']),
      reason: str(f['reason']),
      expiresAt: str(f['expiresAt']) ? utc(f['expiresAt'], 'expiresAt') : null,
    });
    await noticeThen(
      req,
      res,
      'Исключение добавлено и действует сразу.',
      `/ops/regions/${tenant(req)}/settings`,
    );
  });
  r.post('/ops/regions/:tenantId/exemptions/:id/revoke', async (req, res) => {
    await ops.revokeExemption(req.operator!, tenant(req), str(req.params['id']), str(form(req)['reason']));
    await noticeThen(req, res, 'Исключение отозвано.', `/ops/regions/${tenant(req)}/settings`);
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
        who: who(req),
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
    const [entries, admin, regions] = await Promise.all([
      ops.auditLog(req.operator!, filter),
      ops.adminAuditLog(req.operator!, filter),
      ops.regions(req.operator!),
    ]);
    send(res, auditPage({ entries, admin, filter: q, regions, who: who(req) }));
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
      who: who(req),
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
    send(
      res,
      personExportPage({
        query: found.query,
        summary: exportSummary(found),
        reason,
        csrf: csrfToken(req),
        who: who(req),
      }),
    );
  });
  r.post('/ops/persons/erase', async (req, res) => {
    if (str(form(req)['confirm']) !== 'yes')
      throw new ValidationError(['confirm: the erasure must be confirmed']);
    const erased = await persons.erase(req.operator!, query(req), str(form(req)['reason']));
    send(res, personErasedPage({ summary: erasureSummary(erased), who: who(req) }));
  });
}
