import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { EsiaStateError } from './esia.errors';
import { ESIA_PURPOSES, STATE_TTL_SECONDS, type EsiaPurpose } from './esia.settings';

/** What a state stands for while the person is at ESIA. */
interface StoredState {
  readonly binding: string;
  readonly purpose: EsiaPurpose;
  readonly issuedAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const key = (state: string) => `esia:state:${state}`;

/**
 * ESIA's `state`: a UUID, single-use (taken atomically from the shared StateStore), alive at most
 * STATE_TTL_SECONDS, and bound to a browser session (through a random binding kept in that session, not the
 * session id, which rotates) and to the purpose it was started for.
 */
export class EsiaStateKeeper {
  constructor(
    private readonly store: StateStore,
    private readonly clock: Clock,
  ) {}

  /** A new state for `purpose`, bound to the session whose binding is `binding`. */
  async issue(binding: string, purpose: EsiaPurpose): Promise<string> {
    const state = randomUUID();
    const value: StoredState = { binding, purpose, issuedAt: this.clock.now().getTime() };
    await this.store.put(key(state), JSON.stringify(value), STATE_TTL_SECONDS);
    return state;
  }

  /** Takes the state (so it can never be used again) and returns its purpose, or throws EsiaStateError. */
  async consume(state: unknown, binding: string | undefined): Promise<EsiaPurpose> {
    if (typeof state !== 'string' || !UUID.test(state)) throw new EsiaStateError('missing');
    const raw = await this.store.take(key(state));
    if (raw === null) throw new EsiaStateError('expired_or_replayed');
    const stored = JSON.parse(raw) as StoredState;
    if (this.clock.now().getTime() - stored.issuedAt > STATE_TTL_SECONDS * 1000)
      throw new EsiaStateError('expired_or_replayed');
    if (!binding || stored.binding !== binding) throw new EsiaStateError('other_session');
    if (!ESIA_PURPOSES.includes(stored.purpose)) throw new EsiaStateError('purpose');
    return stored.purpose;
  }
}

/** A fresh random binding for a session that has none yet. */
export function newSessionBinding(): string {
  return randomUUID();
}
