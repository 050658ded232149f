import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { StateStore } from '../core/ports/state-store.port';
import { PROVIDER_RECORD_PREFIX } from './provider.settings';

/** How long a grant's revocation is remembered: longer than anything issued under a grant lives. */
const REVOCATION_MEMORY_SECONDS = 60 * 24 * 60 * 60;

/**
 * The models oidc-provider consumes (their `consume()` calls the adapter's): only their records can carry a
 * consumed marker. test/unit/provider-storage.test.ts checks this list against the installed oidc-provider, so
 * an upgrade that makes another model consumable fails there instead of losing its replay refusal.
 */
export const CONSUMABLE_MODELS: ReadonlySet<string> = new Set([
  'AuthorizationCode',
  'BackchannelAuthenticationRequest',
  'DeviceCode',
  'PreAuthorizedCode',
  'PushedAuthorizationRequest',
  'RefreshToken',
]);

const epochSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The OpenID Provider's storage (sessions, interactions, codes, tokens, grants, pushed requests) on the
 * gateway's shared StateStore: Redis in production, so every gateway process sees the same records, and the
 * in-process store in the demo. No extra database. Two choices matter for security:
 *
 * - consuming a code is atomic across processes (`putIfAbsent`), so of two concurrent redemptions of one
 *   code exactly one succeeds (the provider itself only checks a flag it read a moment earlier);
 * - revoking a grant writes one marker that every later read of the grant and of its tokens sees, instead of
 *   finding and deleting each token (no index to keep consistent).
 */
export function providerStorage(store: StateStore): (model: string) => Adapter {
  return (model) => new ProviderRecords(store, model);
}

class ProviderRecords implements Adapter {
  constructor(
    private readonly store: StateStore,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(expiresIn ?? REVOCATION_MEMORY_SECONDS));
    await this.store.put(this.key(id), JSON.stringify(payload), ttl);
    if (payload.uid) await this.store.put(this.indexKey('uid', payload.uid), id, ttl);
    if (payload.userCode) await this.store.put(this.indexKey('userCode', payload.userCode), id, ttl);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    // Every read the answer may need goes out at once (one round trip, not three); a record of a model that is
    // never consumed has no consumed marker to read (a sign-in reads Interaction, Session and Grant records
    // about twenty times: these reads were a fifth of its Redis commands).
    const isGrant = this.model === 'Grant';
    const [raw, consumedAt, grantRevoked] = await Promise.all([
      this.store.get(this.key(id)),
      CONSUMABLE_MODELS.has(this.model) ? this.store.get(this.consumedKey(id)) : null,
      isGrant ? this.store.get(revokedKey(id)) : null,
    ]);
    if (raw === null || grantRevoked !== null) return undefined;
    const payload = JSON.parse(raw) as AdapterPayload;
    if (!isGrant && payload.grantId && (await this.store.get(revokedKey(payload.grantId))) !== null)
      return undefined;
    if (consumedAt !== null) payload.consumed = Number(consumedAt);
    return payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.store.get(this.indexKey('uid', uid));
    return id === null ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.store.get(this.indexKey('userCode', userCode));
    return id === null ? undefined : this.find(id);
  }

  /** The first consumer wins; any other (a replay racing the first) is refused as invalid_grant. */
  async consume(id: string): Promise<void> {
    const raw = await this.store.get(this.key(id));
    const exp = raw === null ? undefined : (JSON.parse(raw) as AdapterPayload).exp;
    const ttl = Math.max(1, (exp ?? epochSeconds() + REVOCATION_MEMORY_SECONDS) - epochSeconds());
    // The mark is the moment: the provider reads `consumed` as a time (find() puts it back on the payload).
    const first = await this.store.putIfAbsent(this.consumedKey(id), ttl, String(epochSeconds()));
    if (!first) throw new errors.InvalidGrant('grant already used');
  }

  async destroy(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.store.put(revokedKey(grantId), '1', REVOCATION_MEMORY_SECONDS);
  }

  private key(id: string): string {
    return `${PROVIDER_RECORD_PREFIX}${this.model}:${id}`;
  }

  private indexKey(index: 'uid' | 'userCode', value: string): string {
    return `${PROVIDER_RECORD_PREFIX}${this.model}:${index}:${value}`;
  }

  private consumedKey(id: string): string {
    return `${PROVIDER_RECORD_PREFIX}${this.model}:consumed:${id}`;
  }
}

function revokedKey(grantId: string): string {
  return `${PROVIDER_RECORD_PREFIX}revoked-grant:${grantId}`;
}
