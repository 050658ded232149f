/**
 * Where browser sessions live between requests: opaque serialized records under a session id, each with its
 * own lifetime. The HTTP layer decides what a session holds (keep it small: ids and flags, never tokens or
 * personal data) and how long it lives; this port only keeps it.
 */
export interface SessionStorage {
  /** The record stored under `id`, or null when there is none or it has expired. */
  get(id: string): Promise<string | null>;

  /** Stores `record` under `id` for `ttlSeconds` (> 0), replacing any earlier record. */
  set(id: string, record: string, ttlSeconds: number): Promise<void>;

  /** Gives an existing record a new lifetime of `ttlSeconds`; false when there is no record. */
  touch(id: string, ttlSeconds: number): Promise<boolean>;

  /** Removes the record; removing a missing one is not an error. */
  destroy(id: string): Promise<void>;
}
