import type { CopRecords, PersonRecord, Representative, StudentFile } from '../cop-records.fixture';
import { snilsDigits } from '../cop-snils';

/** The platform's role codes, as its integration API spells them. */
export type CopRole = 'STUDENT' | 'LEGAL_REPRESENTATIVE' | 'TEACHER' | 'EMPLOYEE' | 'ADMINISTRATOR';
/** An organization of the platform. */
export type CopOrganization = CopRecords['organizations'][number];

/** One record (a pupil, a representative in a pupil file, an employee) with where it sits. */
export interface RecordHit {
  readonly recordId: string;
  readonly recordType: 'student' | 'representative' | 'employee';
  readonly person: PersonRecord;
  readonly organization: CopOrganization;
  readonly role: CopRole;
  readonly file?: StudentFile;
}

/**
 * The school records in memory (a deep copy of the fixture, so staff corrections stay within one emulator).
 * A profile (userId) is the union of the records bound to it: its name comes from the first one, its roles
 * and memberships from all of them.
 */
export class CopRecordsStore {
  readonly data: CopRecords;
  private nextUserId = 1860000000000100001n;

  constructor(
    records: CopRecords,
    /** The records as staff left them before a restart (corrections, added representatives). */
    saved?: { data: CopRecords; nextUserId: string },
    /** Called after every change, so that the platform can keep its state. */
    private readonly changed: () => void = () => undefined,
  ) {
    this.data = structuredClone(saved?.data ?? records);
    if (saved) this.nextUserId = BigInt(saved.nextUserId);
  }

  /** What a restart needs to find the records as staff left them. */
  saved(): { data: CopRecords; nextUserId: string } {
    return { data: this.data, nextUserId: String(this.nextUserId) };
  }

  organization(id: string): CopOrganization | undefined {
    return this.data.organizations.find((o) => o.id === id);
  }

  /** Every record in the platform, in fixture order. */
  records(): RecordHit[] {
    const hits: RecordHit[] = [];
    for (const file of this.data.studentFiles) {
      const organization = this.organization(file.organizationId)!;
      hits.push({
        recordId: `${file.fileId}/student`,
        recordType: 'student',
        person: file.student,
        organization,
        role: 'STUDENT',
        file,
      });
      file.representatives.forEach((rep, i) =>
        hits.push({
          recordId: `${file.fileId}/rep/${i}`,
          recordType: 'representative',
          person: rep,
          organization,
          role: 'LEGAL_REPRESENTATIVE',
          file,
        }),
      );
    }
    this.data.employees.forEach((e, i) =>
      hits.push({
        recordId: `employee/${i}`,
        recordType: 'employee',
        person: e,
        organization: this.organization(e.organizationId)!,
        role: e.role,
      }),
    );
    return hits;
  }

  recordsOf(userId: string): RecordHit[] {
    return this.records().filter((r) => r.person.userId === userId);
  }

  /** Records whose SNILS, in whatever spelling the school typed, has these eleven digits. */
  recordsBySnils(digits: string): RecordHit[] {
    return this.records().filter((r) => snilsDigits(r.person.snils) === digits);
  }

  blockedReason(userId: string): string | null {
    return this.data.blockedAccounts.find((b) => b.userId === userId)?.reason ?? null;
  }

  /** A pupil file's children of a representative's profile. */
  childrenOf(userId: string): StudentFile[] {
    return this.data.studentFiles.filter((f) => f.representatives.some((r) => r.userId === userId));
  }

  /** Corrects the SNILS of one record (a staff member's fix of the pupil file). */
  correctSnils(recordId: string, snils: string): RecordHit | undefined {
    const hit = this.records().find((r) => r.recordId === recordId);
    if (hit) hit.person.snils = snils;
    if (hit) this.changed();
    return hit;
  }

  /** Adds a representative to a pupil file with a new profile; returns the new record. */
  addRepresentative(
    fileId: string,
    rep: Omit<Representative, 'userId' | 'personaId'>,
  ): RecordHit | undefined {
    const file = this.data.studentFiles.find((f) => f.fileId === fileId);
    if (!file) return undefined;
    file.representatives.push({ ...rep, userId: String(this.nextUserId++), personaId: null });
    this.changed();
    return this.records().find((r) => r.recordId === `${fileId}/rep/${file.representatives.length - 1}`);
  }
}
