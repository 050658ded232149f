import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { CopContext } from '../cop-emulator.context';
import { snilsDigits } from '../cop-snils';
import type { CopOrganization, RecordHit } from '../state/cop-records.store';

/*
 * ЭлЖур's own API (`apiv3/<method>`, also served under `api/`), as its public clients show it:
 * - every call carries `devkey`, `vendor` and `out_format=json` as parameters, a signed-in user's call also
 *   `auth_token` (BetterJournal/EljurAPI, branch open-api, src/open-api/DefaultRequestParams.ts and
 *   AuthorizedRequestParams.ts; samplec0de/eljur-bot eljur.py `Eljur.__init__`);
 * - every answer is the envelope `{ response: { state, error, result } }`: `state` 200 with `error: null`, or the
 *   HTTP code with an error text and `result: {}` (BetterJournal/EljurAPI open-api src/open-api/SuccessResponse.ts,
 *   FailedResponse.ts, whose example text for a refused developer key is «не удалось авторизовать разработчика»);
 * - `auth` takes `login` and `password` (a form body, samplec0de/eljur-bot CachedTelegramEljur.py `auth`) and
 *   answers `result.token` and `result.expires`; any other status is a wrong login or password to that client
 *   (eljurbot.py `user_send_password`);
 * - `getrules` is the signed-in user's own profile, roles and relations (BetterJournal/EljurAPI
 *   src/personal/UserRules.ts, RelationsModel.ts; samplec0de/eljur-bot eljur.py `profile`);
 * - `getprofileuserinfo?student=` is a related user's profile with `snils` (BetterJournal/EljurAPI
 *   src/personal/UserProfileRecordModel.ts; open-api: "you must have a relation with this user").
 * What no source shows is the emulator's own choice, named as such: the wording of the other refusals and their
 * status (400 here), and the role names beyond «student», «parent», «helper» (UserRules.ts's example).
 */

/** How long an auth_token lives: samplec0de/eljur-bot CachedTelegramEljur.py says «выдаётся на 3 месяца». */
const TOKEN_DAYS = 90;

/** A token `auth` issued: whose, at which vendor, until when. */
export interface EljurToken {
  readonly userId: string;
  readonly vendor: string;
  readonly expires: Date;
}

const ok = (res: Response, result: unknown) =>
  void res.status(200).json({ response: { state: 200, error: null, result } });
const refuse = (res: Response, state: number, error: string) =>
  void res.status(state).json({ response: { state, error, result: {} } });

/** ЭлЖур writes times `YYYY-MM-DD hh:mm:ss` (BetterJournal/EljurAPI src/personal/UserVendors.ts `expires`). */
const eljurTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** A role of a record in ЭлЖур's words; employees other than teachers are emulator guesses (unconfirmed). */
const ELJUR_ROLE: Record<RecordHit['role'], string> = {
  STUDENT: 'student',
  LEGAL_REPRESENTATIVE: 'parent',
  TEACHER: 'teacher',
  EMPLOYEE: 'employee',
  ADMINISTRATOR: 'administrator',
};

/** The first number of a class name («9 «А»» → 9): ЭлЖур's `parallel`. */
const parallelOf = (className: string) => Number(/\d+/.exec(className)?.[0] ?? 0);

/** Query and form parameters together: `auth` is posted as a form, the rest are GETs with a query. */
function params(req: Request): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of [req.query, req.body as Record<string, unknown> | undefined])
    for (const [key, value] of Object.entries(source ?? {}))
      if (typeof value === 'string') merged[key] = value;
  return merged;
}

/**
 * ЭлЖур's apiv3 (and its older `api/` path) for this platform's people: auth, getrules, getprofileuserinfo, and
 * getusersvendors (the chooser after Госуслуги).
 */
export function eljurApiRoute(ctx: CopContext): Router {
  const router = Router();
  const { store } = ctx;
  const vendorOrg = (vendor: string | undefined): CopOrganization | undefined =>
    store.data.organizations.find((o) => o.vendor === vendor);

  const getrules = (token: EljurToken, org: CopOrganization) => {
    const records = store.recordsOf(token.userId).filter((r) => r.organization.id === org.id);
    const person = records[0]!.person;
    const children = store.childrenOf(token.userId).filter((f) => f.organizationId === org.id);
    const ownFiles = records.flatMap((r) => (r.recordType === 'student' && r.file ? [r.file] : []));
    const age = person.birthDate
      ? Math.floor((ctx.clock.now().getTime() - Date.parse(person.birthDate)) / (365.25 * 864e5))
      : 0;
    return {
      id: person.userId,
      name: person.userId,
      title: [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' '),
      lastname: person.lastName,
      firstname: person.firstName,
      middlename: person.middleName ?? '',
      gender: '',
      age,
      email: '',
      email_confirmed: false,
      region: store.data.eljur.region,
      city: org.municipality.replace(/^г\. /, ''),
      roles: [...new Set(records.map((r) => ELJUR_ROLE[r.role]))],
      relations: {
        schools: [{ inn: org.id, kpp: '', number: '', title: org.name, title_full: org.name }],
        groups: Object.fromEntries(
          ownFiles.map((f) => [
            f.class,
            { name: f.class, parallel: parallelOf(f.class), rel: 'student', rules: [], balls: 0 },
          ]),
        ),
        students: Object.fromEntries(
          children.map((f) => [
            f.student.userId,
            {
              name: f.student.userId,
              title: `${f.student.lastName} ${f.student.firstName}`,
              lastname: f.student.lastName,
              firstname: f.student.firstName,
              gender: '',
              class: f.class,
              parallel: parallelOf(f.class),
              city: org.municipality.replace(/^г\. /, ''),
              rel: 'child',
              rules: [],
            },
          ]),
        ),
      },
      vendor: org.vendor,
      vendor_id: org.vendorId,
      vuid: `${org.vendorId}#${person.userId}`,
    };
  };

  const getprofileuserinfo = (token: EljurToken, org: CopOrganization, student: string) => {
    const related =
      student === token.userId ||
      store.childrenOf(token.userId).some((f) => f.student.userId === student && f.organizationId === org.id);
    const record = store.recordsOf(student).find((r) => r.organization.id === org.id);
    if (!related || !record) return null;
    const file = record.file;
    return {
      profileUserInfo: {
        username: [record.person.lastName, record.person.firstName, record.person.middleName]
          .filter(Boolean)
          .join(' '),
        snils: record.person.snils ?? '',
        schoolName: org.name,
        parallel: file && record.recordType === 'student' ? file.class : '',
        teacher: '',
        email: '',
        gender: '',
        marksForYears: {},
      },
    };
  };

  /** A token for `userId` at `org`'s vendor, as `auth` gives. */
  const issueToken = (userId: string, org: CopOrganization) => {
    const token = randomBytes(24).toString('hex');
    const expires = new Date(ctx.clock.now().getTime() + TOKEN_DAYS * 864e5);
    ctx.eljurTokens.set(token, { userId, vendor: org.vendor, expires });
    return { token, expires: eljurTime(expires) };
  };

  /**
   * After Госуслуги: one token per school profile of the person (BetterJournal/EljurAPI open-api
   * src/open-api-index.ts GetUsersVendors, src/personal/UserVendors.ts; BetterJournal/EljurAuthUtil
   * esia_auth_service.dart `_fetchUsersVendors`, which sends no devkey). Its answers are not in the envelope:
   * `{ result: [...] }`, or 400 `{ error, result: false }`. The person's profiles are those whose records carry
   * the signed-in profile's SNILS (Гарипова has one in each of her organizations), or that profile alone.
   */
  const getusersvendors = async (res: Response, vToken: string | undefined) => {
    const userId = vToken ? await ctx.vTokens.subjectOf(vToken) : null;
    const own = userId ? store.recordsOf(userId) : [];
    if (!userId || own.length === 0)
      return void res.status(400).json({ error: 'Недействительный v_token', result: false });
    const snils = own.map((r) => snilsDigits(r.person.snils)).find(Boolean);
    const records = snils ? store.recordsBySnils(snils) : own;
    const profiles = [
      ...new Map(records.map((r) => [`${r.person.userId}/${r.organization.id}`, r])).values(),
    ].filter((r) => !store.blockedReason(r.person.userId));
    res.status(200).json({
      result: profiles.map((r) => ({
        ...issueToken(r.person.userId, r.organization),
        login: store.data.eljur.logins.find((l) => l.userId === r.person.userId)?.login ?? '',
        user_title: `${r.person.firstName} ${r.person.lastName}`,
        vendor: r.organization.vendor,
        vendor_id: String(r.organization.vendorId),
        vendor_title: r.organization.name,
      })),
    });
  };

  const handle = async (req: Request, res: Response) => {
    const method = String(req.params['method']).toLowerCase();
    const p = params(req);
    if (method === 'getusersvendors') return getusersvendors(res, p['v_token']);
    if (!p['devkey'] || !store.data.eljur.devkeys.includes(p['devkey']))
      return refuse(res, 400, 'не удалось авторизовать разработчика');
    const org = vendorOrg(p['vendor']);
    if (!org) return refuse(res, 400, 'Образовательная организация не найдена');

    if (method === 'auth') {
      const account = store.data.eljur.logins.find((l) => l.login === p['login']);
      const here = account && store.recordsOf(account.userId).some((r) => r.organization.id === org.id);
      if (!account || account.password !== p['password'] || !here)
        return refuse(res, 400, 'Неверный логин или пароль');
      if (store.blockedReason(account.userId)) return refuse(res, 403, 'Учётная запись заблокирована');
      return ok(res, issueToken(account.userId, org));
    }

    const known = ['getrules', 'getprofileuserinfo'];
    if (!known.includes(method)) return refuse(res, 404, 'Метод не найден');
    const token = ctx.eljurTokens.get(p['auth_token'] ?? '');
    if (!token || token.vendor !== org.vendor || token.expires <= ctx.clock.now())
      return refuse(res, 401, 'Необходима авторизация');
    if (method === 'getrules') return ok(res, getrules(token, org));
    const info = getprofileuserinfo(token, org, p['student'] ?? token.userId);
    if (!info) return refuse(res, 403, 'Нет связи с этим пользователем');
    ok(res, info);
  };

  router.all('/apiv3/:method', handle);
  router.all('/api/:method', handle);
  return router;
}
