import { fieldOf } from './form-fields';
import type { School, SetevoyDirectory } from './setevoy.directory';

/** The sign-in form's levels, in order, by the names the real form uses (LASTNAME=…). */
export const LEVELS = ['cid', 'sid', 'pid', 'cn', 'sft', 'scid'] as const;
export type Level = (typeof LEVELS)[number];
/** The choices made so far; null where nothing is chosen. */
export type CascadeChoice = Record<Level, number | null>;
/** One item of a level's list. */
export interface CascadeItem {
  id: number;
  name: string;
}

/** `-1` at the settlement level means every settlement of the municipality («Все»). */
export const ALL = -1;

/** Reads the six levels from a query string or form; anything that is not an integer is "not chosen". */
export function readChoice(query: unknown): CascadeChoice {
  const read = (name: Level) => {
    const value = fieldOf(query, name);
    return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : null;
  };
  return Object.fromEntries(LEVELS.map((level) => [level, read(level)])) as CascadeChoice;
}

const schoolsUnder = (dir: SetevoyDirectory, c: CascadeChoice): School[] =>
  dir.schools.filter(
    (s) =>
      s.countryId === c.cid &&
      s.stateId === c.sid &&
      s.municipalityId === c.pid &&
      (c.cn === ALL || s.settlementId === c.cn),
  );

/**
 * The level a `loginform` answer lists: the one after LASTNAME, which names the last level already chosen
 * (nm17/netschoolapi netschoolapi/login_form.py at 233081f^: «Ключ — текущий элемент, значение — следующий»,
 * cid→sid, sid→pid, pid→cn, cn→sft, sft→scid). Nothing follows the school.
 */
export function levelAfter(lastName: string): Level | null | undefined {
  const index = (LEVELS as readonly string[]).indexOf(lastName);
  if (index < 0) return undefined;
  return LEVELS[index + 1] ?? null;
}

/** The items of `level` given the choices above it (an empty list while a level above is unchosen). */
export function levelItems(dir: SetevoyDirectory, c: CascadeChoice, level: Level): CascadeItem[] {
  const f = dir.fixture;
  const above = LEVELS.slice(0, LEVELS.indexOf(level));
  if (above.some((l) => c[l] === null)) return [];
  switch (level) {
    case 'cid':
      return [f.country];
    case 'sid':
      return c.cid === f.country.id ? [f.region] : [];
    case 'pid':
      return c.sid === f.region.id ? f.municipalities.map(({ id, name }) => ({ id, name })) : [];
    case 'cn': {
      const settlements = f.settlements.filter((s) => s.municipalityId === c.pid);
      return settlements.length
        ? [{ id: ALL, name: 'Все' }, ...settlements.map(({ id, name }) => ({ id, name }))]
        : [];
    }
    case 'sft': {
      const typeIds = new Set(schoolsUnder(dir, c).map((s) => s.typeId));
      return f.recorded.functypes.filter((t) => typeIds.has(t.id));
    }
    case 'scid':
      return schoolsUnder(dir, c)
        .filter((s) => s.typeId === c.sft)
        .map(({ id, name }) => ({ id, name }));
  }
}

/**
 * Keeps each choice only while it is among its level's items, top down (a new municipality clears the
 * settlement below it); the country and region are chosen for the user, as a regional installation does.
 */
export function settleChoice(dir: SetevoyDirectory, wanted: CascadeChoice): CascadeChoice {
  const settled = Object.fromEntries(LEVELS.map((l) => [l, null])) as CascadeChoice;
  for (const level of LEVELS) {
    const items = levelItems(dir, settled, level);
    const chosen = wanted[level];
    if (chosen !== null && items.some((i) => i.id === chosen)) settled[level] = chosen;
    else if ((level === 'cid' || level === 'sid') && items.length === 1) settled[level] = items[0]!.id;
    else break;
  }
  return settled;
}

/** The full cascade of one school: what the login form must carry for it. */
export function choiceOfSchool(school: School): CascadeChoice {
  return {
    cid: school.countryId,
    sid: school.stateId,
    pid: school.municipalityId,
    cn: school.settlementId,
    sft: school.typeId,
    scid: school.id,
  };
}
