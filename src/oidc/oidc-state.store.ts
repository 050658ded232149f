import type { Request } from 'express';
import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { ensureSessionBinding, sessionBinding } from '../sign-in/session-binding';
import { SignInStateKeeper, type SignInPurpose } from '../sign-in/sign-in-state';
import { OidcStateError } from './oidc.errors';

/** What the start leg hands to the store through passport-openidconnect's `options.state`. */
export interface OidcStartSecrets {
  readonly purpose: SignInPurpose;
  readonly codeVerifier: string;
  readonly nonce: string;
}

/** What a state stands for besides session and purpose: which provider, and the secrets of the request. */
export interface OidcPendingRequest {
  readonly provider: string;
  readonly codeVerifier: string;
  readonly nonce: string;
}

/** A state taken by a callback: its secrets and the purpose it was issued for. */
export type OidcTakenState = OidcPendingRequest & { readonly purpose: SignInPurpose };

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (
  err: Error | null,
  ctx?: { nonce: string },
  appState?: { purpose: SignInPurpose },
) => void;

/**
 * passport-openidconnect's state-store hook, on our shared StateStore instead of the session: the state is the
 * shared single-use UUID (bound to session and purpose, 10 minutes) and carries the PKCE code_verifier, the
 * nonce and the provider it was issued for. All OIDC providers share one key space, so a callback at provider
 * A carrying B's state finds it, burns it and refuses it (mix-up defence), as it refuses an `iss` of another
 * issuer in the authorization response (RFC 9207).
 */
export class OidcStateStore {
  private readonly keeper: SignInStateKeeper<OidcPendingRequest>;
  /** The request's secrets from the moment its state was taken until the token request reads them. */
  private readonly taken = new WeakMap<Request, OidcTakenState>();

  constructor(
    stateStore: StateStore,
    clock: Clock,
    private readonly provider: { id: string; issuer: string; issParameterRequired: boolean },
  ) {
    this.keeper = new SignInStateKeeper(stateStore, clock, {
      prefix: 'oidc:state:',
      refuse: (problem) => new OidcStateError(problem),
    });
  }

  /** The hook's `store`: a new state for this session, holding the secrets of this authorization request. */
  store(req: Request, _ctx: unknown, appState: OidcStartSecrets, _meta: unknown, cb: StoreCallback): void {
    const { purpose, codeVerifier, nonce } = appState;
    this.keeper
      .issue(ensureSessionBinding(req), purpose, { provider: this.provider.id, codeVerifier, nonce })
      .then((state) => cb(null, state), cb);
  }

  /** The hook's `verify`: takes the state; the library then checks the nonce it hands back. */
  verify(req: Request, state: unknown, cb: VerifyCallback): void {
    this.take(req, state).then(
      ({ purpose, extra }) => cb(null, { nonce: extra.nonce }, { purpose }),
      (err: Error) => cb(err),
    );
  }

  /** Takes the callback's state (single use), then checks it was issued for this provider and `iss`. */
  async take(req: Request, state: unknown) {
    const taken = await this.keeper.consume(state, sessionBinding(req));
    if (taken.extra.provider !== this.provider.id) throw new OidcStateError('provider');
    this.checkIssParameter(req.query.iss);
    this.taken.set(req, { ...taken.extra, purpose: taken.purpose });
    return taken;
  }

  /** The secrets of the state this request took, for the token request and the ID token checks. */
  pendingFor(req: Request): OidcTakenState | undefined {
    return this.taken.get(req);
  }

  private checkIssParameter(iss: unknown): void {
    if (iss === undefined && !this.provider.issParameterRequired) return;
    if (iss !== this.provider.issuer) throw new OidcStateError('iss');
  }
}
