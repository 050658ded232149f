import { z } from 'zod';
import { ESIA_ERRORS, type EsiaErrorCode } from './esia.errors';

const CODES = Object.keys(ESIA_ERRORS) as [EsiaErrorCode, ...EsiaErrorCode[]];

/** What a test can break in the emulator; everything off is a faithful ESIA. */
export const FaultPatch = z
  .object({
    /** Tokens whose signature does not verify (one byte flipped). */
    wrongSignature: z.boolean(),
    /** Tokens whose `iss` differs from the configured issuer (the trailing slash toggled). */
    wrongIssuer: z.boolean(),
    /** Tokens for another client: `aud` (ID token) and `client_id` (access token). */
    wrongAudience: z.boolean(),
    /** Tokens that expired an hour ago. */
    expiredTokens: z.boolean(),
    /** Tokens whose `nbf`/`iat` lie an hour ahead. */
    notYetValidTokens: z.boolean(),
    /** Tokens with `alg: none` and no signature. */
    algNone: z.boolean(),
    /** Accept an authorization code more than once, so a client's own replay defence can be tested. */
    allowReplayedCodes: z.boolean(),
    /** Delay every protocol answer by this many milliseconds. */
    delayMs: z.number().int().min(0).max(600_000),
    /** Answer every protocol request with this 5xx status. */
    serverError: z.number().int().min(500).max(599).nullable(),
    /** 'reset': destroy each connection; 'refuse': stop listening (only `faults.set` in-process can undo it). */
    down: z.enum(['reset', 'refuse']).nullable(),
    /**
     * Answer this ESIA code to requests that passed every check: at v2/ac (a redirect to the client with `error`,
     * `error_description` and `state`) or at v3/te (the JSON error; the code is not spent). For the codes a
     * faithful emulator has no reason to send (PKCE, roles, two-factor, organization scopes, client authentication).
     */
    esiaError: z
      .object({ code: z.enum(CODES), at: z.enum(['authorization', 'token']) })
      .strict()
      .nullable(),
  })
  .partial()
  .strict();

/** A partial change of the fault switches. */
export type FaultPatch = z.infer<typeof FaultPatch>;
/** All fault switches. */
export type FaultState = Required<FaultPatch>;

const NO_FAULTS: FaultState = {
  wrongSignature: false,
  wrongIssuer: false,
  wrongAudience: false,
  expiredTokens: false,
  notYetValidTokens: false,
  algNone: false,
  allowReplayedCodes: false,
  delayMs: 0,
  serverError: null,
  down: null,
  esiaError: null,
};

/** The emulator's fault switches, shared by the in-process API and `/__emulator/faults`. */
export class EsiaFaults {
  private state: FaultState = { ...NO_FAULTS };
  private readonly listeners: Array<(state: FaultState) => void> = [];

  /** Changes some switches; the others keep their value. */
  set(patch: FaultPatch): FaultState {
    this.state = { ...this.state, ...FaultPatch.parse(patch) };
    for (const listener of this.listeners) listener(this.current);
    return this.current;
  }

  /** Turns every fault off. */
  reset(): FaultState {
    return this.set(NO_FAULTS);
  }

  get current(): FaultState {
    return { ...this.state };
  }

  /** Called after every change (the server uses it to stop and resume listening). */
  onChange(listener: (state: FaultState) => void): void {
    this.listeners.push(listener);
  }
}
