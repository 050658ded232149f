import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { SignInStateKeeper } from '../sign-in/sign-in-state';
import { EsiaStateError } from './esia.errors';
import type { EsiaPurpose } from './esia.settings';

/**
 * ESIA's `state`: the shared single-use UUID state (src/sign-in/sign-in-state.ts) under ESIA's own key prefix,
 * refused with EsiaStateError.
 */
export class EsiaStateKeeper {
  private readonly keeper: SignInStateKeeper;

  constructor(store: StateStore, clock: Clock) {
    this.keeper = new SignInStateKeeper(store, clock, {
      prefix: 'esia:state:',
      refuse: (problem) => new EsiaStateError(problem),
    });
  }

  /** A new state for `purpose`, bound to the session whose binding is `binding`. */
  issue(binding: string, purpose: EsiaPurpose): Promise<string> {
    return this.keeper.issue(binding, purpose, undefined);
  }

  /** Takes the state (so it can never be used again) and returns its purpose, or throws EsiaStateError. */
  async consume(state: unknown, binding: string | undefined): Promise<EsiaPurpose> {
    return (await this.keeper.consume(state, binding)).purpose;
  }
}
