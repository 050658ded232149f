/**
 * Short-lived values shared by every gateway process: ESIA and OIDC state bound to a session and a purpose,
 * refusal of replayed nonces, and the OpenID Provider's own records (sessions, codes, grants) read many times
 * until they expire. A value taken by one process can never be taken again by another.
 */
export interface StateStore {
  /** Stores `value` under `key` for `ttlSeconds` (> 0), replacing any earlier value. */
  put(key: string, value: string, ttlSeconds: number): Promise<void>;

  /** Returns the value and deletes it in one atomic step: of any number of concurrent takers, one wins. */
  take(key: string): Promise<string | null>;

  /** Returns the live value without removing it, or null. */
  get(key: string): Promise<string | null>;

  /** Removes `key` if it is there. */
  delete(key: string): Promise<void>;

  /**
   * Marks `key` as seen for `ttlSeconds` (> 0) unless it is already marked: true the first time, false for a
   * replay. The basis of nonce and one-time-use refusal. The mark is `value` (default '1'), read by `get`.
   */
  putIfAbsent(key: string, ttlSeconds: number, value?: string): Promise<boolean>;
}
