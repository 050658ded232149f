/**
 * Turns a lifetime in seconds into whole milliseconds, refusing what cannot be a lifetime. Both the Redis and
 * the in-process stores go through here, so they refuse the same inputs.
 */
export function ttlMilliseconds(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`a lifetime must be a positive number of seconds, got ${ttlSeconds}`);
  }
  return Math.max(1, Math.ceil(ttlSeconds * 1000));
}

/** Validates a rate limit the same way for every implementation. */
export function assertRateLimit(limit: number, windowSeconds: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a limit must be a positive integer, got ${limit}`);
  ttlMilliseconds(windowSeconds);
}
