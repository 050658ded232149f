import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { authorizationUrl } from './authorization-url';
import type { TrustedKey } from './esia-certificates';
import { EsiaStateKeeper } from './esia-state';
import type { EsiaPurpose, EsiaSettings } from './esia.settings';
import type { EsiaKid, EsiaPerson, EsiaPersonClient } from './person-api.client';
import type { Signer } from './signers';
import { exchangeCode } from './token-exchange';
import { verifyEsiaTokens, type EsiaAccountLevel, type VerifiedTokens } from './token-checks';

/** A completed ESIA sign-in: who, how well confirmed, and the minimal data the flow needs. No tokens. */
export interface EsiaSignIn {
  readonly purpose: EsiaPurpose;
  readonly oid: string;
  readonly level: EsiaAccountLevel;
  /** PR level, `is_tru` in the ID token and `trusted` in the person object: all three. */
  readonly confirmed: boolean;
  readonly person: EsiaPerson;
  readonly kids: readonly EsiaKid[];
}

/** What the ESIA client is built from. */
export interface EsiaClientDeps {
  readonly settings: EsiaSettings;
  readonly signer: Signer;
  readonly keys: readonly TrustedKey[];
  readonly stateStore: StateStore;
  readonly personClient: EsiaPersonClient;
  readonly clock: Clock;
}

const KID_SCOPES = ['kid_fullname', 'kid_birthdate', 'kid_gender', 'kid_snils'];

/** The ESIA sign-in as two named halves: start (signed redirect) and finish (state → code → tokens → person). */
export class EsiaClient {
  private readonly states: EsiaStateKeeper;

  constructor(private readonly deps: EsiaClientDeps) {
    this.states = new EsiaStateKeeper(deps.stateStore, deps.clock);
  }

  /** A new single-use state bound to the session and purpose, and the signed v2/ac address carrying it. */
  async start(binding: string, purpose: EsiaPurpose): Promise<string> {
    const state = await this.states.issue(binding, purpose);
    return authorizationUrl(this.deps.settings, this.deps.signer, this.deps.clock, state);
  }

  /** Takes the callback's state; the purpose it was issued for comes back. */
  takeState(state: unknown, binding: string | undefined): Promise<EsiaPurpose> {
    return this.states.consume(state, binding);
  }

  /** Exchanges the code, checks both tokens and reads the person (and the children, when granted). */
  async finish(code: string, purpose: EsiaPurpose): Promise<EsiaSignIn> {
    const { settings, signer, keys, clock } = this.deps;
    const tokens = await exchangeCode(settings, signer, clock, code);
    const verified = verifyEsiaTokens(tokens, settings, keys, clock);
    const person = await this.deps.personClient.person(verified.oid, verified.accessToken);
    const kids = KID_SCOPES.some((s) => verified.scopes.has(s))
      ? await this.deps.personClient.kids(verified.oid, verified.accessToken)
      : [];
    return {
      purpose,
      oid: verified.oid,
      level: verified.level,
      confirmed: isConfirmed(verified, person),
      person,
      kids,
    };
  }
}

/** Confirmed only when the token and the person data agree. */
function isConfirmed(verified: VerifiedTokens, person: EsiaPerson): boolean {
  return verified.level === 'PR' && verified.trustedByToken && person.trusted;
}
