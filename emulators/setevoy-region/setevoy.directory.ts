import type { Persona } from '../fixtures/personas.fixture';
import type { SetevoyFixture, SetevoyFixtureUser, VendorRole } from './setevoy.fixture';

/** A school with its place in the cascade resolved. */
export interface School {
  id: number;
  name: string;
  fullName: string;
  countryId: number;
  stateId: number;
  municipalityId: number;
  municipality: string;
  settlementId: number;
  typeId: number;
  type: string;
}

/** A diary account (or a pupil's record without a login) with its person data resolved. */
export interface DiaryUser {
  id: number;
  login: string | null;
  password: string | null;
  locked: boolean;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
  /** As the school typed it (so possibly with a typo), digits and separators as in the fixture. */
  snils: string | null;
  email: string | null;
  memberships: Array<{ school: School; role: VendorRole }>;
  childIds: number[];
}

/** The region's data the routes read: the cascade and the accounts, joined with the shared personas. */
export class SetevoyDirectory {
  readonly schools: School[];
  readonly users: DiaryUser[];

  constructor(
    readonly fixture: SetevoyFixture,
    personas: Persona[],
  ) {
    const settlement = (id: number) =>
      must(
        fixture.settlements.find((s) => s.id === id),
        `settlement ${id}`,
      );
    this.schools = fixture.schools.map((s) => {
      const place = settlement(s.settlementId);
      const municipality = must(
        fixture.municipalities.find((m) => m.id === place.municipalityId),
        `municipality ${place.municipalityId}`,
      );
      const type = must(
        fixture.recorded.functypes.find((t) => t.id === s.typeId),
        `type ${s.typeId}`,
      );
      return {
        ...s,
        countryId: fixture.country.id,
        stateId: fixture.region.id,
        municipalityId: municipality.id,
        municipality: municipality.name,
        type: type.name,
      };
    });
    this.users = fixture.users.map((u) => this.resolve(u, personas));
  }

  school(id: number): School | undefined {
    return this.schools.find((s) => s.id === id);
  }

  /** The vendor's own title of a role key («Завуч» for Principal), from the recorded vocabulary. */
  roleTitle(key: string): string {
    return this.fixture.recorded.roles.find((r) => r.key === key)?.name ?? key;
  }

  user(id: number): DiaryUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** Logins are unique within a school: the account named by `login` among the school's members. */
  byLogin(schoolId: number, login: string): DiaryUser | undefined {
    const wanted = login.trim().toLowerCase();
    return this.users.find(
      (u) => u.login?.toLowerCase() === wanted && u.memberships.some((m) => m.school.id === schoolId),
    );
  }

  private resolve(u: SetevoyFixtureUser, personas: Persona[]): DiaryUser {
    const persona = (id: string) =>
      must(
        personas.find((p) => p.id === id),
        `persona ${id}`,
      );
    let person: Pick<DiaryUser, 'lastName' | 'firstName' | 'middleName' | 'birthDate' | 'snils' | 'email'>;
    if (u.personaId) {
      const p = persona(u.personaId);
      // The school's record keeps what the school typed, typo included (persona `schoolRecordSnils`).
      person = { ...names(p), snils: p.schoolRecordSnils ?? p.snils, email: p.login.email };
    } else if (u.kidOf) {
      const { firstName, personaId } = u.kidOf;
      const kid = must(
        persona(personaId).kids.find((k) => k.firstName === firstName),
        `kid ${firstName} of ${personaId}`,
      );
      person = { ...names(kid), snils: kid.snils, email: null };
    } else {
      person = { ...u.person!, email: null };
    }
    const memberships = u.memberships.map((m) => ({
      school: must(this.school(m.schoolId), `school ${m.schoolId}`),
      role: m.role,
    }));
    return {
      ...person,
      id: u.id,
      login: u.login,
      password: u.password,
      locked: u.locked,
      memberships,
      childIds: u.childIds,
    };
  }
}

type Named = Pick<DiaryUser, 'lastName' | 'firstName' | 'middleName' | 'birthDate'>;
const names = ({ lastName, firstName, middleName, birthDate }: Named): Named => ({
  lastName,
  firstName,
  middleName,
  birthDate,
});

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`setevoy-region fixture: unknown ${what}`);
  return value;
}
