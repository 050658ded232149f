import { errors, type Account, type FindAccount, type KoaContextWithOIDC } from 'oidc-provider';
import { AppError, DependencyUnavailableError } from '../core/errors';
import { asDatabaseUnavailable } from '../store/database-errors';
import type { ChangeOutcome, PendingChange } from '../services/pending-change.use-case';
import type { DiarySignIns } from './diary-sign-ins';

/** Turns a pending link or unlink into a written one; throws a typed refusal when it cannot be written. */
export type RedeemChange = (change: PendingChange) => Promise<ChangeOutcome>;

/** The grant a request is about, wherever the provider has it at this step. */
function grantIdOf(ctx: KoaContextWithOIDC | undefined, clientId: string, token?: { grantId?: string }) {
  const oidc = ctx?.oidc;
  return (
    token?.grantId ??
    oidc?.entities.Grant?.jti ??
    oidc?.entities.AuthorizationCode?.grantId ??
    oidc?.entities.AccessToken?.grantId ??
    oidc?.entities.RefreshToken?.grantId ??
    oidc?.session?.grantIdFor(clientId)
  );
}

/**
 * `findAccount` and `pairwiseIdentifier` for the provider. The diary's `sub` is produced through the
 * provider's pairwise-subject hook because it differs per diary (the provider otherwise puts its own account
 * id in every `sub`). When the token endpoint redeems a code whose grant holds a pending link, this is the
 * moment the link is written: the diary came back with its own state and PKCE verifier.
 */
export class ProviderAccounts {
  constructor(
    private readonly signIns: DiarySignIns,
    private readonly instanceOfClient: (clientId: string) => string | undefined,
    private readonly redeem: RedeemChange,
    /** The provider's current request when a hook is called without one (back-channel logout). */
    private readonly currentContext: () => KoaContextWithOIDC | undefined,
  ) {}

  readonly findAccount: FindAccount = async (ctx, accountId, token) => {
    const clientId = ctx.oidc.client?.clientId;
    const grantId = clientId
      ? grantIdOf(ctx, clientId, token as { grantId?: string } | undefined)
      : undefined;
    const change =
      token?.kind === 'AuthorizationCode' && grantId ? await this.redeemHeldChange(grantId) : undefined;
    const account: Account = {
      accountId,
      claims: async () => {
        const signIn = grantId ? await this.signIns.of(grantId) : null;
        return {
          sub: accountId,
          org: signIn?.organizationId ?? undefined,
          role: signIn?.role ?? undefined,
          ...(change && change !== 'none' ? { link: change } : {}),
        };
      },
    };
    return account;
  };

  /** The diary account chosen for this client's grant; refuses when the grant belongs to another diary. */
  readonly pairwiseIdentifier = async (
    ctx: KoaContextWithOIDC | undefined,
    _accountId: string,
    client: { clientId: string },
  ): Promise<string> => {
    const grantId = grantIdOf(ctx ?? this.currentContext(), client.clientId);
    const signIn = grantId ? await this.signIns.of(grantId) : null;
    if (!signIn || signIn.instanceId !== this.instanceOfClient(client.clientId))
      throw new errors.InvalidGrant('no diary account chosen for this client');
    return signIn.userId;
  };

  /**
   * PostgreSQL (or another dependency) is down when the diary redeems: nothing was written, and the code is
   * spent, so the person starts again from the diary. The diary hears 503 `temporarily_unavailable` (not a
   * bare 500), so that it can say «попробуйте позже» rather than «ошибка».
   *
   * A held change the gateway refuses now (a conflict that arose since «Привязать», an unlink proof grown stale)
   * is the diary's grant refused, `invalid_grant`, not a fault of the provider: no tokens, nothing written.
   */
  private async redeemHeldChange(grantId: string): Promise<ChangeOutcome | undefined> {
    const change = await this.signIns.takePending(grantId);
    if (!change) return undefined;
    try {
      return await this.redeem(change);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) throw new errors.InvalidGrant(err.code);
      if (err instanceof DependencyUnavailableError || asDatabaseUnavailable(err)) throw unavailable();
      throw err;
    }
  }
}

/** `temporarily_unavailable` with 503 (oidc-provider's error of that name answers 400 and hides a 5xx's name). */
function unavailable(): Error {
  const error = new errors.TemporarilyUnavailable('the change could not be written now: start again later');
  return Object.assign(error, { status: 503, statusCode: 503, expose: true });
}
