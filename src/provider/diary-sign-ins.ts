import type { DiaryRole } from '../../adapters/contract';
import type { StateStore } from '../core/ports/state-store.port';
import type { PendingChange } from '../services/pending-change.use-case';

/**
 * What an interaction decided for one diary (one grant of the provider): the diary account, the organization
 * and role chosen («Вход в систему»), and how the person proved it. The ID token and userinfo are built from it.
 * No personal data: ids only.
 */
export interface DiarySignIn {
  readonly instanceId: string;
  readonly userId: string;
  readonly organizationId: string | null;
  readonly role: DiaryRole | null;
  /** The ESIA person, or null after a diary password sign-in. */
  readonly esiaOid: string | null;
}

/** Where sign-ins and held changes live in the shared store, by grant. */
export const SIGN_IN_PREFIX = 'provider:sign-in:';
export const PENDING_CHANGE_PREFIX = 'provider:pending-change:';

const signInKey = (grantId: string) => `${SIGN_IN_PREFIX}${grantId}`;
const pendingKey = (grantId: string) => `${PENDING_CHANGE_PREFIX}${grantId}`;

/** Sign-ins and pending changes by grant, in the shared store (every gateway process reads the same). */
export class DiarySignIns {
  constructor(private readonly store: StateStore) {}

  /** Remembers the sign-in for as long as its grant lives. */
  async remember(grantId: string, signIn: DiarySignIn, ttlSeconds: number): Promise<void> {
    await this.store.put(signInKey(grantId), JSON.stringify(signIn), ttlSeconds);
  }

  async of(grantId: string): Promise<DiarySignIn | null> {
    const raw = await this.store.get(signInKey(grantId));
    return raw === null ? null : (JSON.parse(raw) as DiarySignIn);
  }

  /** Holds `change` for `ttlSeconds` (the code's lifetime); unredeemed, it is simply gone. */
  async hold(grantId: string, change: PendingChange, ttlSeconds: number): Promise<void> {
    await this.store.put(pendingKey(grantId), JSON.stringify(change), ttlSeconds);
  }

  /** Takes the held change: of concurrent redemptions one gets it. */
  async takePending(grantId: string): Promise<PendingChange | null> {
    const raw = await this.store.take(pendingKey(grantId));
    return raw === null ? null : (JSON.parse(raw) as PendingChange);
  }
}
