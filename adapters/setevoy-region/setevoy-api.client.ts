import type { z } from 'zod';
import { VendorUnavailableError } from '../contract';
import { vendorRequest, type VendorResponse } from '../shared/vendor-http';

/** The vendor's name in errors and logs. */
export const VENDOR = 'setevoy-region';

/**
 * HTTP towards one installation: every call has the instance's timeout; the integration API carries the
 * service credential. Outages become VendorUnavailableError (vendorRequest); a body of the wrong shape too.
 */
export class SetevoyApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credential: string,
    private readonly timeoutMs: number,
  ) {}

  /** A public or `at`-authenticated call to /webapi/…. */
  call(
    method: 'GET' | 'POST',
    path: string,
    options: { form?: URLSearchParams; at?: string } = {},
  ): Promise<VendorResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.at) headers.at = options.at;
    if (options.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return vendorRequest(VENDOR, this.url(path), {
      method,
      headers,
      body: options.form?.toString(),
      timeoutMs: this.timeoutMs,
    });
  }

  /** A call to the integration API; a refused credential is a broken configuration, never a refusal. */
  async integration(method: 'GET' | 'PUT' | 'DELETE', path: string, json?: unknown): Promise<VendorResponse> {
    const response = await vendorRequest(VENDOR, this.url(`/webapi/integration${path}`), {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${this.credential}`,
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
      timeoutMs: this.timeoutMs,
    });
    if (response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(
        VENDOR,
        `integration API refused the service credential (HTTP ${response.status})`,
      );
    return response;
  }

  private url(path: string): string {
    return this.baseUrl.replace(/\/+$/, '') + path;
  }
}

/** The body in the shape `schema` says, or VendorUnavailableError naming the call (never the body). */
export function expectShape<T>(schema: z.ZodType<T>, response: VendorResponse, what: string): T {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success)
    throw new VendorUnavailableError(VENDOR, `${what}: unexpected answer (HTTP ${response.status})`);
  return parsed.data;
}
