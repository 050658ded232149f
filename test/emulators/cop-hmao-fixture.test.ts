import { loadCopRecords } from '../../emulators/cop-hmao/cop-records.fixture';
import { loadPersonas } from '../../emulators/fixtures/personas.fixture';

const digits = (s: string | null) => s?.replace(/\D/g, '') ?? null;

/** The pupil files speak of the same people as ESIA (personas.json), so that sign-in and SNILS matching meet. */
describe('ЦОП ХМАО-Югры records (emulators/fixtures/cop-hmao.json)', () => {
  const records = loadCopRecords();
  const personas = new Map(loadPersonas().map((p) => [p.id, p]));
  const people = [
    ...records.studentFiles.flatMap((f) => [f.student, ...f.representatives]),
    ...records.employees,
  ];

  it('names, birth dates and SNILS of persona records agree with the persona, except the school’s typo', () => {
    for (const record of people.filter((r) => r.personaId)) {
      const persona = personas.get(record.personaId!);
      expect([record.personaId, persona?.lastName, persona?.firstName]).toEqual([
        record.personaId,
        record.lastName,
        record.firstName,
      ]);
      if (record.birthDate) expect(record.birthDate).toBe(persona!.birthDate);
      const expected = persona!.schoolRecordSnils ?? persona!.snils;
      expect([record.personaId, digits(record.snils)]).toEqual([record.personaId, digits(expected)]);
    }
  });

  it('keeps one profile per person: a userId always names the same persona, and ids are 64-bit strings', () => {
    const byUser = new Map<string, string | null>();
    for (const r of people) {
      expect(BigInt(r.userId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      if (byUser.has(r.userId)) expect(byUser.get(r.userId)).toBe(r.personaId);
      byUser.set(r.userId, r.personaId);
    }
  });

  it('holds the cases the issue asks for', () => {
    const filesOf = (personaId: string) =>
      records.studentFiles.filter((f) => f.representatives.some((r) => r.personaId === personaId));
    expect(new Set(filesOf('parent-two-schools').map((f) => f.organizationId)).size).toBe(2);
    expect(records.employees.some((e) => e.personaId === 'teacher-parent' && e.role === 'TEACHER')).toBe(
      true,
    );
    expect(filesOf('teacher-parent')).toHaveLength(1);
    expect(filesOf('foreign-no-snils')[0]!.representatives[0]).toMatchObject({
      snils: null,
      citizenship: 'UZB',
    });
    expect(filesOf('snils-mismatch')).toHaveLength(1);
    expect(records.studentFiles.find((f) => f.student.personaId === 'student-15')!.student.snils).toBe(
      '145-926-378 94',
    );
    expect(people.some((r) => r.birthDate === null)).toBe(true);
    expect(records.blockedAccounts.length).toBeGreaterThan(0);
    const organizations = new Set(records.organizations.map((o) => o.id));
    for (const f of records.studentFiles) expect(organizations.has(f.organizationId)).toBe(true);
  });
});
