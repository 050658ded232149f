/** A diary account: a user id of one diary instance. */
export interface DiaryAccount {
  readonly instanceId: string;
  readonly userId: string;
}

/** The identifiers the gateway keys a person's data by: their ESIA oids and their diary accounts. */
export interface PersonIdentifiers {
  readonly esiaOids: readonly string[];
  readonly accounts: readonly DiaryAccount[];
}

/** One record a store holds about a person: its key family (as the data map names it), what names them, until when. */
export interface PersonalRecord {
  readonly family: string;
  /** The fields of the record that name the person (e.g. `person.oid`, `pendingLink.userId`). */
  readonly fields: readonly string[];
  /** When the store drops the record by itself; null when it never expires. */
  readonly expiresAt: Date | null;
}

/**
 * A store outside PostgreSQL that can name a person: it lists the records that do, and erases them. Each key
 * family of the shared store that may hold personal data plugs one in (sessions, one-time values; the OpenID
 * Provider's sessions and grants with issue 16), so a person's export and erasure reach every one of them.
 */
export interface PersonalRecordsSource {
  /** The key families it covers, as docs/personal-data.md names them. */
  readonly families: readonly string[];
  /** Every live record naming one of the person's identifiers. */
  list(person: PersonIdentifiers): Promise<PersonalRecord[]>;
  /** Removes every record `list` would return; returns how many it removed. */
  erase(person: PersonIdentifiers): Promise<number>;
}

/** True when `account` is one of `person`'s diary accounts. */
export function holdsAccount(person: PersonIdentifiers, instanceId: unknown, userId: unknown): boolean {
  return person.accounts.some((a) => a.instanceId === instanceId && a.userId === userId);
}

/** True when `oid` is one of `person`'s ESIA oids. */
export function holdsOid(person: PersonIdentifiers, oid: unknown): boolean {
  return typeof oid === 'string' && person.esiaOids.includes(oid);
}
