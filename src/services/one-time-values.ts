import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
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
