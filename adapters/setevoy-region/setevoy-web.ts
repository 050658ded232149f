import type { z } from 'zod';
import { VendorUnavailableError } from '../contract';
import { vendorRequest, type VendorResponse } from '../shared/vendor-http';

/** The vendor's name in errors and logs. */
export const VENDOR = 'setevoy-region';

/**
 * The vendor's own /webapi, called as its sign-in page calls it (and as every public client does: nm17/netschoolapi
 * netschoolapi.py, vkrya/netschoolpy http.py, mezhendosina/che-zadali-app HeadersInterceptor.kt): a `Referer` of
 * the host on every call, JSON answers, the instance's time limit. Outages become VendorUnavailableError
 * (vendorRequest).
 */
export class SetevoyWeb {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** A new session of one sign-in: it keeps the cookies the host sets (NSSESSIONID) from call to call. */
  session(): SetevoyWebSession {
    return new SetevoyWebSession(this);
  }

  /** One call; `cookies` are sent and the ones the host sets are written back into it. */
  async call(
    method: 'GET' | 'POST',
    path: string,
    options: { form?: URLSearchParams; at?: string; cookies?: Map<string, string> } = {},
  ): Promise<VendorResponse> {
    const headers: Record<string, string> = { Accept: 'application/json', Referer: this.base };
    if (options.at) headers.at = options.at;
    if (options.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const jar = options.cookies;
    if (jar?.size) headers.Cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await vendorRequest(VENDOR, this.base + path, {
      method,
      headers,
      body: options.form?.toString(),
      timeoutMs: this.timeoutMs,
    });
    if (jar)
      for (const line of response.headers.getSetCookie()) {
        const pair = line.split(';', 1)[0]!;
        const eq = pair.indexOf('=');
        if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    return response;
  }
}

/** The cookies of one sign-in, carried through logindata, auth/getdata, login and auth/logout. */
export class SetevoyWebSession {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly web: SetevoyWeb) {}

  call(method: 'GET' | 'POST', path: string, options: { form?: URLSearchParams; at?: string } = {}) {
    return this.web.call(method, path, { ...options, cookies: this.cookies });
  }
}

/**
 * A 404 of the vendor's API is a route this installation lacks (a wrong base URL, an older version): a
 * configuration fault, never "no such account" (issue 22).
 */
export function failOnMissingRoute(response: VendorResponse, what: string): VendorResponse {
  if (response.status === 404)
    throw new VendorUnavailableError(VENDOR, `${what}: HTTP 404 (no such route)`, { fault: 'configuration' });
  return response;
}

/** A 2xx body in the shape `schema` says, or VendorUnavailableError naming the call (never the body). */
export function expectShape<T>(schema: z.ZodType<T>, response: VendorResponse, what: string): T {
  failOnMissingRoute(response, what);
  if (response.status < 200 || response.status > 299)
    throw new VendorUnavailableError(VENDOR, `${what}: unexpected HTTP ${response.status}`);
  const parsed = schema.safeParse(response.body);
  if (!parsed.success)
    throw new VendorUnavailableError(VENDOR, `${what}: unexpected answer (HTTP ${response.status})`);
  return parsed.data;
}
