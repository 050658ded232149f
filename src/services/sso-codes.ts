import type { DiaryRole } from '../../adapters/contract';
import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { SsoCodeInvalidError } from './linking.errors';
import { OneTimeValues } from './one-time-values';

/** The state-store prefix of SSO codes (docs/personal-data.md: `state:sso-code:<sha256>`). */
export const SSO_CODE_PREFIX = 'sso-code:';

/** An SSO code lives at most 60 seconds (docs/vendor-api.md). */
export const SSO_CODE_TTL_SECONDS = 60;

/** Whom the vendor should sign in, and as whom: what the code stands for. */
export interface SsoClaims {
  readonly instanceId: string;
  readonly userId: string;
  readonly organizationId: string | null;
  readonly role: DiaryRole | null;
}

/** One-time hand-off codes: the browser carries one to the vendor, whose backend exchanges it once. */
export class SsoCodes {
  private readonly values: OneTimeValues<SsoClaims>;

  constructor(store: StateStore, clock: Clock) {
    this.values = new OneTimeValues(store, clock, {
      prefix: SSO_CODE_PREFIX,
      ttlSeconds: SSO_CODE_TTL_SECONDS,
    });
  }

  /** A new code for `claims`. */
  async issue(claims: SsoClaims): Promise<string> {
    return (await this.values.issue(claims)).value;
  }

  /**
   * Exchanges the code once for the instance that asks. A code of another instance is consumed and refused
   * all the same: a vendor that saw another's code must not learn anything from trying it.
   */
  async exchange(code: unknown, instanceId: string): Promise<SsoClaims> {
    const claims = await this.values.redeem(code);
    if (!claims || claims.instanceId !== instanceId) throw new SsoCodeInvalidError();
    return claims;
  }
}
