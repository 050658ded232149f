import type { DiaryOidcClient } from '../shared/diary-oidc-client';
import type { GatewayLink } from './gateway.client';
import type { AccessRequestQueue } from './state/access-requests.queue';
import type { BrowserSessions } from './state/browser-sessions';
import type { CopRecordsStore } from './state/cop-records.store';
import type { EljurToken } from './routes/eljur-api.route';
import type { JournalVTokens } from './state/v-tokens';

/** Everything a route needs, built once at start. */
export interface CopContext {
  readonly clock: { now(): Date };
  readonly store: CopRecordsStore;
  readonly queue: AccessRequestQueue;
  readonly sessions: BrowserSessions;
  /** The auth_tokens ЭлЖур's `auth` issued (memory only: a restart signs everybody out, as tokens expire anyway). */
  readonly eljurTokens: Map<string, EljurToken>;
  /** The v_tokens the journal signs after a sign-in through Госуслуги, redeemed at apiv3 getusersvendors. */
  readonly vTokens: JournalVTokens;
  /** Nonces of the extension's signed requests already spent, with when they may be forgotten (ms). */
  readonly extensionNonces: Map<string, number>;
  /** Unset: the emulator runs without a gateway (its landing says sign-in is not configured). */
  readonly gateway: GatewayLink | undefined;
  /** The platform as an OpenID client of the gateway; null without a gateway (set once the emulator listens). */
  oidc: DiaryOidcClient | null;
  /** The platform's own address, known once it listens (the callback and the post-logout address use it). */
  readonly url: () => string;
}

/** `YYYY-MM-DD` as the platform's API and pages write dates: `dd.MM.yyyy`. */
export function ruDate(iso: string | null): string | null {
  if (!iso) return null;
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}
