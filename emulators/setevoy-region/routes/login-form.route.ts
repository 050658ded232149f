import { Router, type Request, type Response } from 'express';
import { LEVELS, levelAfter, levelItems, readChoice, settleChoice, type Level } from '../login-cascade';
import { fieldOf } from '../form-fields';
import { browserSession } from './browser-session';
import { DEFAULTS, type SetevoyContext } from '../setevoy-emulator.options';

/** How prepareloginform names each level's list. */
const LIST_NAMES: Record<Level, string> = {
  cid: 'countries',
  sid: 'states',
  pid: 'provinces',
  cn: 'cities',
  sft: 'funcs',
  scid: 'schools',
};

/** What each level is called on the form («Городской округ / Муниципальный район», «Тип ОО»…). */
export const LEVEL_LABELS: Record<Level, string> = {
  cid: 'Страна',
  sid: 'Регион',
  pid: 'Городской округ / Муниципальный район',
  cn: 'Населённый пункт',
  sft: 'Тип ОО',
  scid: 'Образовательная организация',
};

/**
 * The public sign-in data, as the public clients call it: `logindata` (what the host offers; it also opens the
 * NSSESSIONID session that `auth/getdata` and `login` need), `prepareloginform` (current choices and every
 * level's list), `loginform` (the level after the one LASTNAME names) and `schools/search?name=` (how current
 * clients find a school; 403 without `name`).
 */
export function loginFormRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const dir = ctx.directory;
  const settlementName = (id: number) => dir.fixture.settlements.find((s) => s.id === id)?.name ?? '';

  // Fields of the swagger's LoginData (kmlebedev/netSchoolWebApi swagger/swagger.yaml); the version is the one
  // nm17/netschoolapi's recorded context shows. Every client calls it first for the cookie it sets.
  router.get('/webapi/logindata', (req, res) => {
    browserSession(ctx, req, res);
    res.json({
      productName: DEFAULTS.productName,
      version: '5.39.0',
      schoolLogin: !ctx.passwordLoginDisabled,
      emLogin: false,
      esiaLogin: ctx.gateway !== null,
      esiaMainAuth: ctx.passwordLoginDisabled,
      esiaButton: ctx.gateway !== null,
      signatureLogin: false,
      windowsAuth: false,
      enableSms: false,
      esaLogin: false,
    });
  });

  router.get('/webapi/prepareloginform', (req: Request, res: Response) => {
    const choice = settleChoice(dir, readChoice(req.query));
    const lists = Object.fromEntries(LEVELS.map((l) => [LIST_NAMES[l], levelItems(dir, choice, l)]));
    res.json({ ...choice, hlevels: LEVELS.map((l) => ({ name: l, title: LEVEL_LABELS[l] })), ...lists });
  });

  router.get('/webapi/loginform', (req: Request, res: Response) => {
    const next = levelAfter(fieldOf(req.query, 'LASTNAME') ?? '');
    if (next === undefined) return void res.status(400).json({ message: 'Неизвестный уровень формы входа' });
    res.json({ items: next === null ? [] : levelItems(dir, readChoice(req.query), next) });
  });

  // The shape lentryd/NetSchoolApi reads (src/methods/logIn/methods/schoolInfo.ts: id, inn, ogrn, name, cityId,
  // address, shortName, provinceId); nm17/netschoolapi and vkrya/netschoolpy match `shortName`, then `name`
  // without its « (город)» suffix.
  router.get('/webapi/schools/search', (req: Request, res: Response) => {
    const name = fieldOf(req.query, 'name')?.trim().toLowerCase();
    if (!name) return void res.status(403).json({ message: 'Доступ запрещен' });
    const found = dir.schools.filter(
      (s) => s.name.toLowerCase().includes(name) || s.fullName.toLowerCase().includes(name),
    );
    res.json(
      found.map((s) => ({
        id: s.id,
        inn: null,
        ogrn: null,
        name: `${s.name} (${settlementName(s.settlementId)})`,
        shortName: s.name,
        cityId: s.settlementId,
        provinceId: s.municipalityId,
        address: null,
      })),
    );
  });
  return router;
}
