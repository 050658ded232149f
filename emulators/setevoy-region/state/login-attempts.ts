/** How many wrong passwords in a row a login may have before it must wait. */
export const MAX_FAILURES = 3;
/** How long it waits then. */
export const BLOCK_SECONDS = 60;

interface Attempts {
  failures: number;
  blockedUntil: number;
}

/**
 * Wrong-password throttling per school and login, as the real system does it: after a few failures every
 * attempt (right password or not) is refused until the pause is over.
 */
export class LoginAttempts {
  private readonly byKey = new Map<string, Attempts>();

  /** Seconds left to wait, or 0 when an attempt may be made now. */
  waitSeconds(key: string, nowMs: number): number {
    const entry = this.byKey.get(key);
    if (!entry || entry.blockedUntil <= nowMs) return 0;
    return Math.ceil((entry.blockedUntil - nowMs) / 1000);
  }

  failed(key: string, nowMs: number): void {
    const entry = this.byKey.get(key) ?? { failures: 0, blockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= MAX_FAILURES) {
      entry.failures = 0;
      entry.blockedUntil = nowMs + BLOCK_SECONDS * 1000;
    }
    this.byKey.set(key, entry);
  }

  succeeded(key: string): void {
    this.byKey.delete(key);
  }
}
