/**
 * Short-lived, single-use values: OIDC state bound to a session and a purpose, one-time SSO codes, link
 * tickets, and refusal of replayed nonces. Shared by every gateway process, so a value taken by one process
 * can never be taken again by another.
 */
export interface StateStore {
  /** Stores `value` under `key` for `ttlSeconds` (> 0), replacing any earlier value. */
  put(key: string, value: string, ttlSeconds: number): Promise<void>;

  /** Returns the value and deletes it in one atomic step: of any number of concurrent takers, one wins. */
  take(key: string): Promise<string | null>;

  /**
   * Marks `key` as seen for `ttlSeconds` (> 0) unless it is already marked: true the first time, false for a
   * replay. The basis of nonce and one-time-use refusal.
   */
  putIfAbsent(key: string, ttlSeconds: number): Promise<boolean>;
}
