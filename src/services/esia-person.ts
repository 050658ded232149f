import type { DiaryProfile } from '../../adapters/contract';

/** The ESIA person fields the journeys compare; the subset of an EsiaSignIn they read. */
export interface PersonFacts {
  readonly confirmed: boolean;
  readonly person: { readonly snils?: string; readonly birthDate?: string };
}

/** ESIA writes birth dates `dd.MM.yyyy`; the adapters `YYYY-MM-DD`. */
export function isoBirthDate(esiaDate: string | undefined): string | null {
  const m = esiaDate ? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(esiaDate) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** SNILS as its 11 digits, whatever the separators. */
export function snilsDigits(snils: string | null | undefined): string | null {
  const digits = snils ? snils.replace(/\D/g, '') : '';
  return digits.length === 11 ? digits : null;
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
