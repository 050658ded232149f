import { loadPersonas } from '../../emulators/fixtures/personas.fixture';

/** SNILS check digits as DESIGN §6 defines them, written here independently of any project code. */
function snilsValid(snils: string): boolean {
  const digits = snils.replace(/\D/g, '');
  const body = digits.slice(0, 9);
  if (Number(body) <= 1001998) return true;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
  const check = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return check === Number(digits.slice(9));
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

describe('the shared persona set', () => {
  const personas = loadPersonas();
  const byId = new Map(personas.map((p) => [p.id, p]));

  it('has unique oids across people and children', () => {
    const oids = personas.flatMap((p) => [p.oid, ...p.kids.filter((k) => !k.personaId).map((k) => k.oid)]);
    expect(new Set(oids).size).toBe(oids.length);
  });

  it('has valid SNILS check digits everywhere except the school record that holds a typo', () => {
    for (const p of personas) {
      if (p.snils) expect([p.id, snilsValid(p.snils)]).toEqual([p.id, true]);
      for (const kid of p.kids)
        if (kid.snils) expect([kid.oid, snilsValid(kid.snils)]).toEqual([kid.oid, true]);
    }
    const mismatch = byId.get('snils-mismatch')!;
    expect(mismatch.schoolRecordSnils).not.toBe(mismatch.snils);
    expect(snilsValid(mismatch.schoolRecordSnils!)).toBe(false);
  });

  it('covers every case issue 3 asks for', () => {
    const parent = byId.get('parent-two-schools')!;
    expect(parent.account.level).toBe('PR');
    expect(new Set(parent.kids.map((k) => k.school.name)).size).toBe(2);
    expect(ageOn(byId.get('student-15')!.birthDate!, '2026-11-22')).toBe(15);
    expect(byId.get('child-13')!.account.level).toBe('KD');
    expect(ageOn(byId.get('child-13')!.birthDate!, '2026-11-22')).toBe(13);
    expect(byId.get('simplified-unconfirmed')!.account).toMatchObject({
      status: 'simplified',
      trusted: false,
    });
    expect(byId.get('standard-no-snils')!).toMatchObject({ snils: null, account: { status: 'standard' } });
    expect(byId.get('foreign-no-snils')!).toMatchObject({ snils: null, citizenship: 'UZB' });
    expect(byId.get('teacher-parent')!.roles).toEqual(['teacher', 'parent']);
    expect(byId.get('regional-operator')!.roles).toEqual(['operator']);
  });

  it('links children who have their own account to that persona, with the same data', () => {
    for (const p of personas) {
      for (const kid of p.kids.filter((k) => k.personaId)) {
        const own = byId.get(kid.personaId!)!;
        expect({ oid: own.oid, birthDate: own.birthDate, snils: own.snils }).toEqual({
          oid: kid.oid,
          birthDate: kid.birthDate,
          snils: kid.snils,
        });
        expect(own.parentOids).toContain(p.oid);
      }
    }
  });
});
