import { EsiaUnavailableError } from './esia.errors';

/** Bounds of one ESIA call. */
export interface HttpBounds {
  readonly timeoutMs: number;
  /** Extra attempts after the first; only for idempotent GETs. */
  readonly retries?: number;
  /** Pause before a retry, doubled each time. */
  readonly backoffMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request with a hard time bound; a timeout or network failure becomes EsiaUnavailableError. */
export async function fetchBounded(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new EsiaUnavailableError(`ESIA ${init.method ?? 'GET'} ${new URL(url).pathname}: no answer`, {
      cause,
    });
  }
}

/**
 * A GET retried on network failures and 5xx only (never on 4xx: those will not change), with a short
 * exponential pause. The last 5xx answer is returned for the caller to map.
 */
export async function getWithRetry(
  url: string,
  headers: Record<string, string>,
  bounds: HttpBounds,
): Promise<Response> {
  const attempts = 1 + (bounds.retries ?? 2);
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep((bounds.backoffMs ?? 100) * 2 ** (attempt - 1));
    try {
      const response = await fetchBounded(url, { method: 'GET', headers }, bounds.timeoutMs);
      if (response.status < 500 || attempt === attempts - 1) return response;
      await response.body?.cancel();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
