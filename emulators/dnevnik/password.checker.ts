import type { DnevnikContext } from './dnevnik-emulator.options';
import type { DnevnikPerson } from './dnevnik.fixture';

/** The outcome of a diary password check, as the API and the sign-in page both need it. */
export type PasswordOutcome =
  | { ok: true; person: DnevnikPerson & { userId: string } }
  | { ok: false; why: 'invalidCredentials' }
  | { ok: false; why: 'userBlocked' }
  | { ok: false; why: 'tooManyAttempts'; retryAfterSeconds: number };

/**
 * Checks a login and password. Failures count per login within a window; once there are too many, even the
 * right password is refused until the oldest failure leaves the window (so guessing cannot continue). A
 * blocked account is told only to someone who knows its password, so the check does not reveal accounts.
 */
export function checkPassword(ctx: DnevnikContext, login: string, password: string): PasswordOutcome {
  const key = login.trim().toLowerCase();
  const now = ctx.clock.now().getTime();
  const windowMs = ctx.attemptWindowSeconds * 1000;
  const recent = (ctx.store.failures.get(key) ?? []).filter((at) => now - at < windowMs);
  ctx.store.failures.set(key, recent);
  if (recent.length >= ctx.maxFailedAttempts) {
    const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
    return { ok: false, why: 'tooManyAttempts', retryAfterSeconds };
  }
  const person = ctx.store.byLogin(key);
  if (!person || person.userId === null || person.password === null || person.password !== password) {
    recent.push(now);
    return { ok: false, why: 'invalidCredentials' };
  }
  if (person.blocked) return { ok: false, why: 'userBlocked' };
  ctx.store.failures.delete(key);
  return { ok: true, person: person as DnevnikPerson & { userId: string } };
}
