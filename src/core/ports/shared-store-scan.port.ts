/** One live entry of the shared store. */
export interface SharedStoreEntry {
  /** The key without the deployment's prefix, e.g. `sess:<id>` or `state:link-ticket:<hash>`. */
  readonly key: string;
  readonly value: string;
  /** Milliseconds until it expires; null when it has no expiry. */
  readonly ttlMs: number | null;
}

/**
 * Reads whole key families of the shared store, for the rare questions that need it (which records name a
 * person) and never on a request's path: on Redis it is a SCAN over the deployment's keys. Each live key is
 * given once; keys of other deployments sharing the Redis are not seen.
 */
export interface SharedStoreScan {
  /** Every live entry whose key starts with `prefix` (`sess:`, `state:link-ticket:`, …). */
  entries(prefix: string): AsyncIterable<SharedStoreEntry>;
  /** Removes one key (as `entries` named it); a missing key is not an error. */
  delete(key: string): Promise<void>;
}
