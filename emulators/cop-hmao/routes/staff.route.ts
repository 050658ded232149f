import { Router, type Request, type Response } from 'express';
import type { CopContext } from '../cop-emulator.context';
import type { StaffAccount } from '../cop-records.fixture';
import { formatSnils, snilsChecksumOk, snilsDigits } from '../cop-snils';
import type { QueuedAccessRequest } from '../state/access-requests.queue';
import { newCsrfToken } from '../state/browser-sessions';
import { staffLoginPage, staffQueuePage, staffRequestPage, type ResolveTarget } from '../views/staff.view';

const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The records a request may be bound to: the pupil files of its organization, and «add a representative». */
function resolveTargets(ctx: CopContext, organizationId: string | null): ResolveTarget[] {
  const files = ctx.store.data.studentFiles.filter(
    (f) => organizationId === null || f.organizationId === organizationId,
  );
  const records = ctx.store
    .records()
    .filter((r) => r.recordType !== 'employee' && files.includes(r.file!))
    .map((r) => {
      const digits = snilsDigits(r.person.snils);
      const who = r.recordType === 'student' ? 'Обучающийся' : 'Законный представитель';
      return {
        value: r.recordId,
        label: `${who}: ${r.person.lastName} ${r.person.firstName} ${r.person.middleName ?? ''} (личное дело ${r.file!.student.lastName} ${r.file!.student.firstName}, ${r.file!.class})`,
        snils: digits ? formatSnils(digits) : null,
        snilsWarning: digits !== null && !snilsChecksumOk(digits),
      };
    });
  const additions = files.map((f) => ({
    value: `new:${f.fileId}`,
    label: `Добавить законного представителя в личное дело: ${f.student.lastName} ${f.student.firstName}, ${f.class}`,
    snils: null,
    snilsWarning: false,
  }));
  return [...records, ...additions];
}

/** A staff member's login of an organization and the pages where they resolve their queue (flow D). */
export function staffRoute(ctx: CopContext): Router {
  const router = Router();
  const staffOf = (req: Request): { staff: StaffAccount; csrf: string } | undefined => {
    const s = ctx.sessions.get(req);
    const staff =
      s?.kind === 'staff' ? ctx.store.data.staffAccounts.find((a) => a.login === s.login) : undefined;
    return staff && s?.kind === 'staff' ? { staff, csrf: s.csrf } : undefined;
  };
  const orgName = (id: string | null) =>
    id === null ? 'Все организации муниципалитета' : (ctx.store.organization(id)?.name ?? id);
  const visible = (staff: StaffAccount, r: QueuedAccessRequest | undefined) =>
    r && (staff.organizationId === null || r.organizationId === staff.organizationId) ? r : undefined;

  router.get(
    '/staff/login',
    (_req, res) => void res.type('html').send(staffLoginPage({ staff: ctx.store.data.staffAccounts })),
  );

  router.post('/staff/login', (req, res) => {
    const account = ctx.store.data.staffAccounts.find((a) => a.login === field(req, 'login'));
    if (!account || account.password !== field(req, 'password'))
      return void res
        .status(401)
        .type('html')
        .send(staffLoginPage({ staff: ctx.store.data.staffAccounts, error: 'Неверный логин или пароль' }));
    ctx.sessions.start(req, res, { kind: 'staff', login: account.login, csrf: newCsrfToken() });
    res.redirect(303, '/staff/requests');
  });

  // Every page below needs a staff session; every form post also its CSRF token.
  router.use('/staff', (req: Request, res: Response, next) => {
    const who = staffOf(req);
    if (!who) return void res.redirect(303, '/staff/login');
    if (req.method === 'POST' && field(req, 'csrf') !== who.csrf)
      return void res.status(403).type('text').send('Форма устарела');
    res.locals.who = who;
    next();
  });

  router.get('/staff/requests', (req, res) => {
    const { staff, csrf } = res.locals.who as { staff: StaffAccount; csrf: string };
    const done =
      typeof req.query.done === 'string' ? visible(staff, ctx.queue.get(req.query.done)) : undefined;
    res.type('html').send(
      staffQueuePage({
        staff,
        csrf,
        organizationName: orgName(staff.organizationId),
        requests: ctx.queue.forOrganization(staff.organizationId),
        ...(done ? { notice: `Заявка ${done.id}: ${done.resolution ?? ''}` } : {}),
      }),
    );
  });

  router.get('/staff/requests/:id', (req, res) => {
    const { staff, csrf } = res.locals.who as { staff: StaffAccount; csrf: string };
    const request = visible(staff, ctx.queue.get(req.params.id));
    if (!request) return void res.status(404).type('text').send('Заявка не найдена');
    const organizationId = request.organizationId ?? staff.organizationId;
    res.type('html').send(
      staffRequestPage({
        request,
        csrf,
        organizationName: orgName(request.organizationId),
        targets: resolveTargets(ctx, organizationId),
      }),
    );
  });

  router.post('/staff/requests/:id/resolve', (req, res) => {
    const { staff, csrf } = res.locals.who as { staff: StaffAccount; csrf: string };
    const request = visible(staff, ctx.queue.get(req.params.id));
    if (!request) return void res.status(404).type('text').send('Заявка не найдена');
    const again = (error: string) =>
      void res
        .status(400)
        .type('html')
        .send(
          staffRequestPage({
            request,
            csrf,
            error,
            organizationName: orgName(request.organizationId),
            targets: resolveTargets(ctx, request.organizationId ?? staff.organizationId),
          }),
        );
    if (field(req, 'action') === 'reject') {
      ctx.queue.close(request.id, {
        status: 'REJECTED',
        resolution: `Заявка отклонена. ${field(req, 'comment')}`.trim(),
        userId: null,
      });
      return void res.redirect(303, `/staff/requests?done=${encodeURIComponent(request.id)}`);
    }
    const outcome = applyResolution(
      ctx,
      request,
      field(req, 'target'),
      field(req, 'snils'),
      staff.organizationId,
    );
    if ('error' in outcome) return again(outcome.error);
    const comment = field(req, 'comment');
    ctx.queue.close(request.id, {
      status: 'RESOLVED',
      resolution: comment ? `${outcome.resolution} ${comment}` : outcome.resolution,
      userId: outcome.userId,
    });
    res.redirect(303, `/staff/requests?done=${encodeURIComponent(request.id)}`);
  });

  router.post('/staff/logout', (req, res) => {
    ctx.sessions.end(req, res);
    res.redirect(303, '/staff/login');
  });

  return router;
}

/** Corrects the chosen record's SNILS, or adds the requester to a pupil file as a new profile. */
function applyResolution(
  ctx: CopContext,
  request: QueuedAccessRequest,
  target: string,
  snilsText: string,
  staffOrganizationId: string | null,
): { resolution: string; userId: string } | { error: string } {
  const digits = snilsDigits(snilsText);
  if (snilsText && !digits) return { error: 'СНИЛС должен состоять из 11 цифр.' };
  if (digits && !snilsChecksumOk(digits))
    return { error: 'СНИЛС введён с ошибкой: контрольное число не сходится.' };
  const allowed = resolveTargets(ctx, request.organizationId ?? staffOrganizationId).some(
    (t) => t.value === target,
  );
  if (!allowed) return { error: 'Выберите запись в личном деле.' };
  const snils = digits ? formatSnils(digits) : null;
  if (target.startsWith('new:')) {
    const [lastName = '', firstName = '', ...middle] = request.personName.split(/\s+/);
    const hit = ctx.store.addRepresentative(target.slice(4), {
      kinship: 'Законный представитель',
      lastName,
      firstName,
      middleName: middle.join(' ') || null,
      birthDate: null,
      snils,
      citizenship: null,
      phone: request.contact || null,
    });
    return {
      resolution: 'Профиль создан: вы внесены в личное дело обучающегося.',
      userId: hit!.person.userId,
    };
  }
  const hit = snils
    ? ctx.store.correctSnils(target, snils)
    : ctx.store.records().find((r) => r.recordId === target);
  return {
    resolution: 'Данные в личном деле исправлены. Войдите через Госуслуги ещё раз.',
    userId: hit!.person.userId,
  };
}
