import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { LinkTicketInvalidError } from './linking.errors';
import { OneTimeValues } from './one-time-values';

/** The state-store prefix of link tickets (docs/personal-data.md: `state:link-ticket:<sha256>`). */
export const LINK_TICKET_PREFIX = 'link-ticket:';

/** A link ticket lives five minutes (docs/vendor-api.md). */
export const LINK_TICKET_TTL_SECONDS = 300;

/** What a vendor vouches for with a ticket: this signed-in diary user wants to link (or unlink). */
export interface LinkTicketClaims {
  readonly instanceId: string;
  readonly userId: string;
  readonly returnUrl: string;
  readonly action: 'link' | 'unlink';
  /** The diary showed its own «Сейчас вы будете перенаправлены…»: go straight to ESIA. */
  readonly noticeShown?: boolean;
}

/** Link tickets: the vendor's proof that the person is signed in to the diary (DESIGN §5.2), single use. */
export class LinkTickets {
  private readonly values: OneTimeValues<LinkTicketClaims>;

  constructor(store: StateStore, clock: Clock) {
    this.values = new OneTimeValues(store, clock, {
      prefix: LINK_TICKET_PREFIX,
      ttlSeconds: LINK_TICKET_TTL_SECONDS,
    });
  }

  /** A new ticket for `claims`. */
  async issue(claims: LinkTicketClaims): Promise<{ ticket: string; expiresAt: Date }> {
    const { value, expiresAt } = await this.values.issue(claims);
    return { ticket: value, expiresAt };
  }

  /** Redeems the ticket once; throws LinkTicketInvalidError when it is unknown, used, expired or for another action. */
  async redeem(ticket: unknown, action: LinkTicketClaims['action']): Promise<LinkTicketClaims> {
    const claims = await this.values.redeem(ticket);
    if (!claims || claims.action !== action) throw new LinkTicketInvalidError();
    return claims;
  }
}
