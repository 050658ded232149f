import { loadDnevnikData, type DnevnikData } from '../../emulators/dnevnik/dnevnik.fixture';
import { loadPersonas, type Persona } from '../../emulators/fixtures/personas.fixture';

/**
 * Teachers made up for load tests: `count` ESIA personas (confirmed accounts with valid SNILS) and, for each, a
 * Дневник.ру account of the same person, so that every one can be linked once. They are added to the shared
 * fixtures, which stay as they are.
 */
export interface GeneratedPeople {
  personas: Persona[];
  dnevnikData: DnevnikData;
  /** In order: the diary login and password, its user id, and the ESIA persona it links to. */
  accounts: Array<{ login: string; password: string; userId: string; persona: string }>;
}

/** SNILS check number as DESIGN §6 states it (numbers above 001-001-998 carry one). */
function snilsWithCheck(nine: string): string {
  const sum = [...nine].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
  const check = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : (sum % 101) % 100;
  return `${nine.slice(0, 3)}-${nine.slice(3, 6)}-${nine.slice(6)} ${String(check).padStart(2, '0')}`;
}

const FIRST_NAMES = ['Анна', 'Ольга', 'Мария', 'Ирина', 'Татьяна', 'Наталья', 'Светлана', 'Юлия'];

/** `count` generated teachers of school 110 (ids and SNILS far from the fixtures'). */
export function generatedTeachers(count: number): GeneratedPeople {
  const personas = loadPersonas();
  const template = personas.find((p) => p.id === 'name-spelled-with-e')!;
  const base = loadDnevnikData(undefined, personas);
  const school = base.schools.find((s) => s.id === '1100000000000000110')!;
  const generated: Persona[] = [];
  const accounts: GeneratedPeople['accounts'] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(3, '0');
    const id = `load-teacher-${n}`;
    generated.push({
      ...template,
      id,
      oid: 1000900000 + i,
      roles: ['teacher'],
      roleLabel: `Учитель (нагрузочный тест) ${n}`,
      lastName: 'Нагрузова',
      firstName: FIRST_NAMES[i % FIRST_NAMES.length]!,
      middleName: 'Тестовна',
      birthDate: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`,
      gender: 'F',
      snils: snilsWithCheck(String(500100000 + i * 7)),
      login: { phone: null, email: `load-${n}@example.ru`, password: 'Load-2026' },
      kids: [],
    });
    accounts.push({
      login: `load.teacher.${n}`,
      password: `Load-Teacher-${n}`,
      userId: String(1000000000000900000n + BigInt(i)),
      persona: id,
    });
  }
  const people = generated.map((p, i) => ({
    personId: String(2000000000000900000n + BigInt(i)),
    userId: accounts[i]!.userId,
    personaId: p.id,
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName,
    birthDate: p.birthDate,
    sex: 'Female' as const,
    login: accounts[i]!.login,
    password: accounts[i]!.password,
    blocked: false,
    memberships: [{ school: school.id, role: 'EduStaff' as const, position: 'Учитель' }],
    childPersonIds: [],
  }));
  return {
    personas: [...personas, ...generated],
    dnevnikData: { schools: base.schools, people: [...base.people, ...people] },
    accounts,
  };
}
