import type { DiscardedFactReport, FactSource } from '../core/discarded-fact';
import { latestDateOnEarth, parseBirthDate } from '../core/birth-date';
import type { DiaryProfile } from '../../adapters/contract';
import { normalizeSnils } from '../core/snils';

/** The ESIA person fields the journeys compare; the subset of an EsiaSignIn they read. */
export interface PersonFacts {
  readonly confirmed: boolean;
  readonly person: {
    readonly snils?: string;
    readonly birthDate?: string;
    readonly lastName?: string;
    readonly firstName?: string;
  };
}

/** ESIA writes birth dates `dd.MM.yyyy`; the adapters `YYYY-MM-DD`. */
export function isoBirthDate(esiaDate: string | undefined): string | null {
  const m = esiaDate ? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(esiaDate) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** SNILS as its 11 digits (both sides were checked where they entered: ESIA's client, the adapters). */
function snilsDigits(snils: string | null | undefined): string | null {
  return snils ? normalizeSnils(snils) : null;
}

/**
 * A school's birth date only when it could be somebody's (issue 20): a date in the future, before 1900 or not
 * on the calendar is reported and treated as absent, so it neither refuses a link nor drops a SNILS match.
 */
export function believedSchoolDate(
  birthDate: string | null,
  source: Extract<FactSource, 'diary_profile' | 'school_record'>,
  now: Date,
  report: DiscardedFactReport | undefined,
): string | null {
  if (!birthDate) return null;
  const parsed = parseBirthDate(birthDate, latestDateOnEarth(now));
  if (parsed.ok) return birthDate;
  report?.({ source, field: 'birthDate', problem: parsed.problem });
  return null;
}

/** Which of the school's recorded facts differ from ESIA's; a fact the school lacks is not compared. */
export function mismatchedFacts(
  facts: PersonFacts,
  record: Pick<DiaryProfile, 'snils' | 'birthDate'>,
): Array<'snils' | 'birthDate'> {
  const out: Array<'snils' | 'birthDate'> = [];
  const school = snilsDigits(record.snils);
  if (school && school !== snilsDigits(facts.person.snils)) out.push('snils');
  if (record.birthDate && record.birthDate !== isoBirthDate(facts.person.birthDate)) out.push('birthDate');
  return out;
}

/** A name as people compare it: ё is е, case and spaces (NBSP, hyphen-spacing) do not matter. */
function comparableName(name: string | null | undefined): string {
  return (name ?? '').normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, '');
}

/**
 * The second guard of a link (issue 16): the school's record names the same person as ESIA, or at least one
 * fact the school holds (SNILS, birth date) equals ESIA's. Surname and first name are compared; a missing
 * name on either side never agrees.
 */
export function recordNamesPerson(
  facts: PersonFacts,
  record: Pick<DiaryProfile, 'snils' | 'birthDate' | 'lastName' | 'firstName'>,
): boolean {
  const school = snilsDigits(record.snils);
  if (school && school === snilsDigits(facts.person.snils)) return true;
  if (record.birthDate && record.birthDate === isoBirthDate(facts.person.birthDate)) return true;
  const [last, first] = [comparableName(facts.person.lastName), comparableName(facts.person.firstName)];
  return (
    last !== '' &&
    first !== '' &&
    last === comparableName(record.lastName) &&
    first === comparableName(record.firstName)
  );
}
