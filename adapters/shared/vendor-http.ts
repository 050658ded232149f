import { VendorUnavailableError } from '../contract';

/** What a vendor answered: status and parsed body (JSON when it says so, else text). */
export interface VendorResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/**
 * One HTTP call to a vendor with a hard timeout. A network failure, a timeout or a 5xx becomes
 * VendorUnavailableError (broken); any other status is returned for the adapter to read as a result
 * (refused). Bodies are never logged: they carry personal data.
 */
export async function vendorRequest<T = unknown>(
  vendor: string,
  url: string,
  init: RequestInit & { timeoutMs: number },
): Promise<VendorResponse<T>> {
  const { timeoutMs, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, { ...rest, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const what =
      err instanceof Error && err.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : 'unreachable';
    throw new VendorUnavailableError(vendor, `${new URL(url).pathname}: ${what}`, { cause: err });
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new VendorUnavailableError(vendor, `${new URL(url).pathname}: HTTP ${response.status}`);
  }
  const type = response.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = type.includes('json') ? await response.json() : await response.text();
  } catch (err) {
    throw new VendorUnavailableError(vendor, `${new URL(url).pathname}: unreadable body`, { cause: err });
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
