import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';

/** The purposes a sign-in can serve; every state is bound to one of them (DESIGN §5.2). */
export const SIGN_IN_PURPOSES = ['login', 'link', 'operator'] as const;
/** One of SIGN_IN_PURPOSES. */
export type SignInPurpose = (typeof SIGN_IN_PURPOSES)[number];

/** How long an authorization may take from our redirect to the provider's callback: at most 10 minutes. */
export const STATE_TTL_SECONDS = 600;

/** Why a state was not accepted by the shared keeper; logged, never shown. */
export type StateProblem = 'missing' | 'expired_or_replayed' | 'other_session' | 'purpose';

/** What a state stands for while the person is at the provider; `extra` is the strategy's own (nonce, verifier). */
interface StoredState<Extra> {
  readonly binding: string;
  readonly purpose: SignInPurpose;
  readonly issuedAt: number;
  readonly extra: Extra;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A sign-in `state`: a UUID, single-use (taken atomically from the shared StateStore), alive at most
 * STATE_TTL_SECONDS, bound to a browser session (through a random binding kept in that session, not the session
 * id, which rotates) and to the purpose it was started for. Each strategy names its key prefix and its error.
 */
export class SignInStateKeeper<Extra = undefined> {
  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly options: { prefix: string; refuse: (problem: StateProblem) => Error },
  ) {}

  /** A new state for `purpose`, bound to the session whose binding is `binding`. */
  async issue(binding: string, purpose: SignInPurpose, extra: Extra): Promise<string> {
    const state = randomUUID();
    const value: StoredState<Extra> = { binding, purpose, issuedAt: this.clock.now().getTime(), extra };
    await this.store.put(this.key(state), JSON.stringify(value), STATE_TTL_SECONDS);
    return state;
  }

  /** Takes the state (so it can never be used again) and returns what it stood for, or throws `refuse(…)`. */
  async consume(
    state: unknown,
    binding: string | undefined,
  ): Promise<{ purpose: SignInPurpose; extra: Extra }> {
    const { refuse } = this.options;
    if (typeof state !== 'string' || !UUID.test(state)) throw refuse('missing');
    const raw = await this.store.take(this.key(state));
    if (raw === null) throw refuse('expired_or_replayed');
    const stored = JSON.parse(raw) as StoredState<Extra>;
    if (this.clock.now().getTime() - stored.issuedAt > STATE_TTL_SECONDS * 1000)
      throw refuse('expired_or_replayed');
    if (!binding || stored.binding !== binding) throw refuse('other_session');
    if (!SIGN_IN_PURPOSES.includes(stored.purpose)) throw refuse('purpose');
    return { purpose: stored.purpose, extra: stored.extra };
  }

  private key(state: string): string {
    return `${this.options.prefix}${state}`;
  }
}
