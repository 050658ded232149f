import type { z } from 'zod';
import { VendorUnavailableError } from '../contract';
import { vendorRequest, type VendorResponse } from '../shared/vendor-http';
import { ApiErrorPayload } from './dnevnik.payloads';

/** The vendor name in errors and logs. */
export const VENDOR = 'dnevnik';

/** The vendor's error type of an answer (`{ type, description }`), or null when the body is not one. */
export function errorOf(response: VendorResponse): z.infer<typeof ApiErrorPayload> | null {
  const parsed = ApiErrorPayload.safeParse(response.body);
  return parsed.success ? parsed.data : null;
}

/**
 * Дневник.ру's own REST API at its API host (api.dnevnik.ru, not the web host). Every call but the password
 * authorization carries a user's token in `Access-Token` (alllexey123/dnevnik-partners-api
 * network/AccessTokenInterceptor.java): the API has no server-wide token.
 */
export class DnevnikApiClient {
  constructor(
    private readonly apiUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call(
    method: 'GET' | 'POST',
    path: string,
    options: { accessToken?: string; body?: unknown } = {},
  ): Promise<VendorResponse> {
    const url = new URL(path, this.apiUrl);
    const response = await vendorRequest(VENDOR, url.toString(), {
      method,
      headers: {
        Accept: 'application/json',
        ...(options.accessToken ? { 'Access-Token': options.accessToken } : {}),
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      timeoutMs: this.timeoutMs,
    });
    // A 404 outside the vendor's envelope is a path this host does not serve: a wrong apiUrl or path setting.
    if (response.status === 404 && !errorOf(response))
      throw new VendorUnavailableError(VENDOR, `${url.pathname}: no such route (HTTP 404)`, {
        fault: 'configuration',
      });
    return response;
  }

  /** Reads a 200 answer with `schema`; any other status or shape is the vendor answering nonsense. */
  expect<T>(response: VendorResponse, schema: z.ZodType<T>, what: string): T {
    if (response.status !== 200)
      throw new VendorUnavailableError(
        VENDOR,
        `${what}: unexpected HTTP ${response.status} ${errorOf(response)?.type ?? ''}`.trim(),
      );
    const parsed = schema.safeParse(response.body);
    // Only the field paths go into the message: the values are personal data.
    if (!parsed.success)
      throw new VendorUnavailableError(
        VENDOR,
        `${what}: unexpected payload (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`,
      );
    return parsed.data;
  }
}
