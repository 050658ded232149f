import { confirmLink, type LinkPorts, type PendingLink } from './link-account.use-case';
import { LinkConflictAtRedemptionError } from './linking.errors';
import { confirmUnlink, type PendingUnlink, type UnlinkPorts } from './unlink-account.use-case';

/**
 * A link or unlink the person confirmed at the gateway, held until the diary redeems its code: only the
 * browser that holds the diary's own `state` and PKCE verifier can make it happen (DESIGN §5.2, §7a).
 */
export type PendingChange =
  | { readonly kind: 'link'; readonly link: PendingLink; readonly personName: string }
  | { readonly kind: 'unlink'; readonly unlink: PendingUnlink };

/** What the ID token's `link` claim says: written now, was there already, removed now, or nothing done. */
export type ChangeOutcome = 'created' | 'exists' | 'removed' | 'none';

/**
 * The diary redeemed the code: the change is written now (link, event and outbox row in one transaction, as
 * before). A link that lost a race ends as the conflict page's queue entry and a refusal of the redemption;
 * a SNILS-matched link (sign-in, flow B) that cannot be written is simply not made, the sign-in goes on.
 */
export async function redeemPendingChange(
  change: PendingChange,
  ports: LinkPorts & UnlinkPorts,
): Promise<ChangeOutcome> {
  if (change.kind === 'unlink') {
    await confirmUnlink(change.unlink, ports);
    return 'removed';
  }
  const person = { oid: change.link.oid, displayName: change.personName };
  if (change.link.method === 'snils-match') {
    const existing = await ports.links.activeOfPerson(ports.issuer, change.link.oid, change.link.instanceId);
    if (existing.length) return 'none';
  }
  const outcome = await confirmLink(change.link, person, ports);
  if (outcome.kind === 'linked') return outcome.existed ? 'exists' : 'created';
  if (change.link.method === 'snils-match') return 'none';
  throw new LinkConflictAtRedemptionError(outcome.requestId);
}
