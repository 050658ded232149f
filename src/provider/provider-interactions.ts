import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from 'oidc-provider';
import type { PendingChange } from '../services/pending-change.use-case';
import type { DiarySignIn, DiarySignIns } from './diary-sign-ins';
import type { DiaryClients } from './provider-clients';
import type { ProviderHost } from './provider-host';
import { InteractionExpiredError, InteractionStepError } from './provider.errors';
import { PROVIDER_TTL } from './provider.settings';

/** What a diary asked for, as the interaction pages need it. */
export interface InteractionRequest {
  readonly uid: string;
  readonly clientId: string;
  /** The diary instance the client speaks for. */
  readonly instanceId: string;
  /** `sign-in` (ESIA, the default), `password` (the gateway's diary password form), `link`, `unlink`. */
  readonly intent: 'sign-in' | 'password' | 'link' | 'unlink';
  /** For link and unlink: the diary account its backend said the person is signed in to (pushed request). */
  readonly account: string | null;
}

/** How the person proved who they are, for the provider's session and the ID token's `amr`/`acr`. */
export interface SignInProof {
  readonly accountId: string;
  readonly acr: string;
  readonly amr: readonly string[];
  /** «Остаться в системе»: a provider session that outlives the browser; otherwise a browser-session one. */
  readonly remember: boolean;
}

/**
 * The gateway's journeys end their interaction through this: the diary receives a code at its `redirect_uri`
 * (with its own `state`), or an error (`access_denied`) when the person went back or was refused.
 */
export interface Interactions {
  /** The interaction this browser is in; InteractionExpiredError without its cookie, or for another uid. */
  request(req: IncomingMessage, res: ServerResponse, uid: string): Promise<InteractionRequest>;
  /** Signs the person in to the diary (and holds `pending` until the diary redeems the code); redirects. */
  finish(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    outcome: { signIn: DiarySignIn; proof: SignInProof; pending?: PendingChange },
  ): Promise<void>;
  /** Returns the person to the diary with `error=access_denied`; redirects. */
  abort(req: IncomingMessage, res: ServerResponse, uid: string, why: string): Promise<void>;
  /** Origins the interaction pages may post forms into (the diary's redirect addresses). */
  originsOf(instanceId: string): readonly string[];
}

const INTENTS = new Set(['link', 'unlink']);

/** Interactions on the running provider (ProviderHost), its clients and the sign-ins store. */
export class ProviderInteractions implements Interactions {
  constructor(
    private readonly host: ProviderHost,
    private readonly clients: DiaryClients,
    private readonly signIns: DiarySignIns,
  ) {}

  async request(req: IncomingMessage, res: ServerResponse, uid: string): Promise<InteractionRequest> {
    return (await this.read(req, res, uid)).request;
  }

  /** The provider's interaction record and what it asks for, from one read of the shared store. */
  private async read(req: IncomingMessage, res: ServerResponse, uid: string) {
    const details = await this.host.provider.interactionDetails(req, res).catch((err: unknown) => {
      if (err instanceof errors.SessionNotFound) throw new InteractionExpiredError(err.message);
      throw err;
    });
    if (details.uid !== uid) throw new InteractionExpiredError('interaction cookie of another uid');
    const clientId = String(details.params['client_id']);
    const instanceId = this.clients.instanceOf.get(clientId);
    if (!instanceId) throw new InteractionStepError(`client ${clientId} is no diary`);
    const intent = details.params['intent'];
    const account = details.params['account'];
    const request: InteractionRequest = {
      uid,
      clientId,
      instanceId,
      intent: INTENTS.has(String(intent))
        ? (intent as 'link' | 'unlink')
        : details.params['login_method'] === 'password'
          ? 'password'
          : 'sign-in',
      account: typeof account === 'string' ? account : null,
    };
    return { details, request };
  }

  async finish(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    outcome: { signIn: DiarySignIn; proof: SignInProof; pending?: PendingChange },
  ): Promise<void> {
    const { details, request } = await this.read(req, res, uid);
    if (request.instanceId !== outcome.signIn.instanceId)
      throw new InteractionStepError('sign-in for another diary');
    const { provider } = this.host;
    const grant = new provider.Grant({ accountId: outcome.proof.accountId, clientId: request.clientId });
    const asked = new Set(String(details.params['scope'] ?? '').split(' '));
    grant.addOIDCScope(['openid', ...(asked.has('offline_access') ? ['offline_access'] : [])].join(' '));
    const grantId = await grant.save();
    await this.signIns.remember(grantId, outcome.signIn, PROVIDER_TTL.rememberedSession);
    if (outcome.pending) await this.signIns.hold(grantId, outcome.pending, PROVIDER_TTL.authorizationCode);
    await provider.interactionFinished(
      req,
      res,
      {
        login: {
          accountId: outcome.proof.accountId,
          acr: outcome.proof.acr,
          amr: [...outcome.proof.amr],
          remember: outcome.proof.remember,
        },
        consent: { grantId },
      },
      { mergeWithLastSubmission: false },
    );
  }

  async abort(req: IncomingMessage, res: ServerResponse, uid: string, why: string): Promise<void> {
    await this.request(req, res, uid);
    await this.host.provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: why },
      { mergeWithLastSubmission: false },
    );
  }

  originsOf(instanceId: string): readonly string[] {
    const uris = this.clients.metadata
      .filter((c) => this.clients.instanceOf.get(c.client_id) === instanceId)
      .flatMap((c) => c.redirect_uris ?? []);
    return [...new Set(uris.map((u) => new URL(u).origin).filter((o) => o !== 'null'))];
  }
}
