import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import {
  holdsAccount,
  type PersonIdentifiers,
  type PersonalRecordsSource,
} from '../core/ports/personal-records.port';
import type { SharedStoreScan } from '../core/ports/shared-store-scan.port';
import type { StateStore } from '../core/ports/state-store.port';

/** Stored beside each value: when it was issued, so an expired one is refused even if the store kept it. */
interface Stored<T> {
  readonly issuedAt: number;
  readonly claims: T;
}

/**
 * Random 256-bit values that stand for `claims` for `ttlSeconds` and can be redeemed once (the StateStore's
 * atomic take). Only a SHA-256 of the value is a store key, so a reader of Redis cannot use what it sees.
 */
export class OneTimeValues<T> {
  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly options: { prefix: string; ttlSeconds: number },
  ) {}

  /** A fresh value bound to `claims`, and the instant it stops being accepted. */
  async issue(claims: T): Promise<{ value: string; expiresAt: Date }> {
    const value = randomBytes(32).toString('base64url');
    const issuedAt = this.clock.now().getTime();
    const stored: Stored<T> = { issuedAt, claims };
    await this.store.put(this.key(value), JSON.stringify(stored), this.options.ttlSeconds);
    return { value, expiresAt: new Date(issuedAt + this.options.ttlSeconds * 1000) };
  }

  /** The claims of `value`, taken so that nobody can redeem it again; null when unknown, used or expired. */
  async redeem(value: unknown): Promise<T | null> {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
    const raw = await this.store.take(this.key(value));
    if (raw === null) return null;
    const stored = JSON.parse(raw) as Stored<T>;
    const age = this.clock.now().getTime() - stored.issuedAt;
    return age >= 0 && age <= this.options.ttlSeconds * 1000 ? stored.claims : null;
  }

  private key(value: string): string {
    return this.options.prefix + createHash('sha256').update(value).digest('hex');
  }
}

/**
 * One-time values whose claims name a diary account (link tickets, sso codes) as a source of a person's
 * records: `prefixes` are their OneTimeValues prefixes. They live minutes at most; erasing takes them early.
 */
export function oneTimeValueRecords(
  scan: SharedStoreScan,
  prefixes: readonly string[],
  now: () => Date,
): PersonalRecordsSource {
  async function* naming(person: PersonIdentifiers) {
    for (const prefix of prefixes)
      for await (const entry of scan.entries(`state:${prefix}`)) {
        let claims: Record<string, unknown>;
        try {
          claims = (JSON.parse(entry.value) as Stored<Record<string, unknown>>).claims ?? {};
        } catch {
          continue;
        }
        if (holdsAccount(person, claims['instanceId'], claims['userId'])) yield { entry, prefix };
      }
  }
  return {
    families: prefixes.map((p) => `state:${p}<sha256>`),
    async list(person) {
      const found = [];
      for await (const { entry, prefix } of naming(person))
        found.push({
          family: `state:${prefix}<sha256>`,
          fields: ['claims.instanceId', 'claims.userId'],
          expiresAt: entry.ttlMs === null ? null : new Date(now().getTime() + entry.ttlMs),
        });
      return found;
    },
    async erase(person) {
      let erased = 0;
      for await (const { entry } of naming(person)) {
        await scan.delete(entry.key);
        erased++;
      }
      return erased;
    },
  };
}
