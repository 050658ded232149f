import type { Request } from 'express';
import passport from 'passport';
import { isAppError } from '../core/errors';
import { ensureSessionBinding, sessionBinding } from '../sign-in/session-binding';
import { errorFromEsiaAnswer } from './esia-error-codes';
import {
  EsiaAccessRefusedError,
  EsiaAccountUnconfirmedError,
  EsiaSecondFactorUnavailableError,
  EsiaStateError,
} from './esia.errors';
import { ESIA_PURPOSES, type EsiaPurpose } from './esia.settings';
import type { EsiaClient } from './esia-sign-in';

/** Options of `passport.authenticate('esia', …)` on the start route. */
export interface EsiaAuthenticateOptions {
  readonly purpose?: EsiaPurpose;
}

/**
 * Passport's plug-in contract for ESIA: `redirect` to a signed v2/ac, then on the callback `success` with an
 * EsiaSignIn, `fail` when the person or their account said no, `error` when something broke. The protocol
 * itself lives in EsiaClient (docs/decisions/0004-esia-strategy.md says why not passport-openidconnect).
 */
export class EsiaStrategy extends passport.Strategy {
  override name = 'esia';

  constructor(private readonly client: EsiaClient) {
    super();
  }

  override authenticate(req: Request, options: EsiaAuthenticateOptions = {}): void {
    const query = req.query as Record<string, unknown>;
    const leg =
      typeof query.error === 'string'
        ? this.refused(req, query)
        : query.code
          ? this.callback(req, query)
          : this.begin(req, options);
    leg.catch((err: unknown) => this.finishWithError(err));
  }

  private async begin(req: Request, options: EsiaAuthenticateOptions): Promise<void> {
    const purpose = options.purpose ?? 'login';
    if (!ESIA_PURPOSES.includes(purpose)) throw new EsiaStateError('purpose');
    this.redirect(await this.client.start(ensureSessionBinding(req), purpose));
  }

  private async callback(req: Request, query: Record<string, unknown>): Promise<void> {
    if (typeof query.code !== 'string') throw new EsiaStateError('missing');
    const purpose = await this.client.takeState(query.state, sessionBinding(req));
    this.success(await this.client.finish(query.code, purpose), { purpose });
  }

  /** ESIA sent the person back with an error: the state is still taken, then the code decides what it means. */
  private async refused(req: Request, query: Record<string, unknown>): Promise<void> {
    await this.client.takeState(query.state, sessionBinding(req));
    throw errorFromEsiaAnswer(
      String(query.error),
      typeof query.error_description === 'string' ? query.error_description : undefined,
    );
  }

  /** Refusals (the person's own action) go to `fail` (a result), everything else to `error` (a fault); both carry the typed error. */
  private finishWithError(err: unknown): void {
    const refusal =
      err instanceof EsiaAccessRefusedError ||
      err instanceof EsiaAccountUnconfirmedError ||
      err instanceof EsiaSecondFactorUnavailableError;
    if (refusal && isAppError(err)) this.fail({ message: err.code, error: err } as never, err.status);
    else this.error(err instanceof Error ? err : new Error(String(err)));
  }
}
