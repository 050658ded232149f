import { loadDnevnikData } from '../../emulators/dnevnik/dnevnik.fixture';
import { loadPersonas } from '../../emulators/fixtures/personas.fixture';

const data = loadDnevnikData();
const personas = loadPersonas();
const person = (id: string) => data.people.find((p) => p.personId === id)!;

describe('dnevnik.json refers to the same people as personas.json', () => {
  it('gives each persona record the persona name and birth date, so ESIA sign-in finds the same person', () => {
    for (const record of data.people.filter((p) => p.personaId !== null)) {
      const persona = personas.find((p) => p.id === record.personaId)!;
      expect(record).toMatchObject({
        lastName: persona.lastName,
        firstName: persona.firstName,
        birthDate: persona.birthDate,
      });
    }
  });

  it("lists as each parent's diary children exactly the persona's ESIA kids", () => {
    for (const record of data.people.filter((p) => p.childPersonIds.length > 0)) {
      const kids = personas.find((p) => p.id === record.personaId)!.kids;
      const children = record.childPersonIds.map(person);
      expect(children.map((c) => `${c.lastName} ${c.firstName} ${c.birthDate}`).sort()).toEqual(
        kids.map((k) => `${k.lastName} ${k.firstName} ${k.birthDate}`).sort(),
      );
    }
  });

  it('has the people the journeys need: two schools, a teacher-parent, no birth date, locked, foreign parent', () => {
    const ivanova = data.people.find((p) => p.personaId === 'parent-two-schools')!;
    expect(new Set(ivanova.childPersonIds.map((id) => person(id).memberships[0]!.school)).size).toBe(2);
    const sokolova = data.people.find((p) => p.personaId === 'teacher-parent')!;
    expect(sokolova.memberships.map((m) => m.role).sort()).toEqual(['EduParent', 'EduStaff']);
    expect(data.people.some((p) => p.userId !== null && p.birthDate === null)).toBe(true);
    expect(data.people.some((p) => p.blocked && p.login !== null)).toBe(true);
    expect(data.people.some((p) => p.personaId === 'foreign-no-snils' && p.childPersonIds.length > 0)).toBe(
      true,
    );
    expect(data.people.some((p) => p.personaId === 'student-turning-14')).toBe(true);
  });

  it('uses ids above 2^53, so a client that reads the numeric id loses them', () => {
    for (const p of data.people) expect(BigInt(p.personId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(new Set(data.people.map((p) => p.personId)).size).toBe(data.people.length);
  });
});
