import { createHmac } from 'node:crypto';

/** What replaces a free-text personal field (a message, a contact, a reason); the migrations use the same text. */
export const REDACTED = '[удалено]';

/** The shape of every pseudonym; PostgreSQL's audit trigger accepts exactly this (migrations/1781150000000). */
export const PSEUDONYM_PATTERN = /^pn:[A-Za-z0-9_-]{43}$/;

/**
 * Keyed-hash pseudonyms (HMAC-SHA256 with PII_HMAC_KEY) of the identifiers the gateway keys personal data by.
 * The same identifier always gives the same pseudonym, so pseudonymised rows still count and join; without
 * the key nobody can tell whose they are, nor test a guessed oid. Each kind of identifier has its own domain,
 * so an ESIA oid and a diary account with the same digits never share a pseudonym.
 */
export class Pseudonyms {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the pseudonym key needs 32 bytes');
  }

  /** The pseudonym of an ESIA oid. */
  esiaOid(oid: string): string {
    return this.of(`esia-oid\u0000${oid}`);
  }

  /** The pseudonym of a diary account (user ids are unique within one instance only). */
  account(instanceId: string, userId: string): string {
    return this.of(`diary-account\u0000${instanceId}\u0000${userId}`);
  }

  /** True for a value that already is a pseudonym (purges are idempotent). */
  static is(value: string | null | undefined): boolean {
    return typeof value === 'string' && PSEUDONYM_PATTERN.test(value);
  }

  private of(input: string): string {
    return `pn:${createHmac('sha256', this.key).update(input).digest('base64url')}`;
  }
}
