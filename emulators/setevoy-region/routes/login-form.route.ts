import { Router, type Request, type Response } from 'express';
import { LEVELS, levelItems, readChoice, settleChoice, type Level } from '../login-cascade';
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
 * The public sign-in form data: `prepareloginform` (current choices and every level's list), `loginform`
 * (the items of the level named by LASTNAME), and `addresses/schools` (a school with its whole cascade, which
 * is how a client that knows only the school id fills in the rest).
 */
export function loginFormRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const dir = ctx.directory;

  router.get('/webapi/logindata', (_req, res) => {
    res.json({
      productName: DEFAULTS.productName,
      version: '5.39.0',
      schoolYear: '2026/2027',
      esiaButton: ctx.gateway !== null,
    });
  });

  router.get('/webapi/prepareloginform', (req: Request, res: Response) => {
    const choice = settleChoice(dir, readChoice(req.query));
    const lists = Object.fromEntries(LEVELS.map((l) => [LIST_NAMES[l], levelItems(dir, choice, l)]));
    res.json({ ...choice, hlevels: LEVELS.map((l) => ({ name: l, title: LEVEL_LABELS[l] })), ...lists });
  });

  router.get('/webapi/loginform', (req: Request, res: Response) => {
    const level = req.query.LASTNAME;
    if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level))
      return void res.status(400).json({ message: 'Неизвестный уровень формы входа' });
    res.json({ items: levelItems(dir, readChoice(req.query), level as Level) });
  });

  router.get('/webapi/addresses/schools', (req: Request, res: Response) => {
    const id = Number(req.query.id);
    const name = typeof req.query.name === 'string' ? req.query.name.toLowerCase() : null;
    const found = dir.schools.filter(
      (s) =>
        (Number.isInteger(id) && req.query.id !== undefined ? s.id === id : true) &&
        (name ? s.name.toLowerCase().includes(name) : true),
    );
    res.json(
      found.map((s) => ({
        id: s.id,
        name: s.fullName,
        shortName: s.name,
        countryId: s.countryId,
        stateId: s.stateId,
        municipalityDistrictId: s.municipalityId,
        cityId: s.settlementId,
        funcType: s.typeId,
        addressString: `${dir.fixture.region.name}, ${s.municipality}`,
      })),
    );
  });
  return router;
}
