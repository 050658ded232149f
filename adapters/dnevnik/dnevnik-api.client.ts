import type { z } from 'zod';
import { VendorUnavailableError } from '../contract';
import { vendorRequest, type VendorResponse } from '../shared/vendor-http';
import { ApiErrorPayload } from './dnevnik.payloads';

/** The vendor name in errors and logs. */
export const VENDOR = 'dnevnik';

/** Where and how to reach one instance's REST API. */
export interface DnevnikApiTarget {
  baseUrl: string;
  apiPrefix: string;
  accessToken: string;
  timeoutMs: number;
}

/** The vendor's error type of a refusal (`{ type, description }`), or null when the body is not one. */
export function errorType(response: VendorResponse): string | null {
  const parsed = ApiErrorPayload.safeParse(response.body);
  return parsed.success ? parsed.data.type : null;
}

/**
 * The REST API v2 of one instance, with the service token in `Access-Token`. A refused token is the gateway's
 * misconfiguration, not a user's refusal, so it is broken (VendorUnavailableError) like an outage.
 */
export class DnevnikApiClient {
  constructor(private readonly target: DnevnikApiTarget) {}

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<VendorResponse> {
    const url = new URL(`${this.target.apiPrefix.replace(/\/$/, '')}${path}`, this.target.baseUrl);
    const response = await vendorRequest(VENDOR, url.toString(), {
      method,
      headers: {
        'Access-Token': this.target.accessToken,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: this.target.timeoutMs,
    });
    const type = errorType(response);
    if ((response.status === 401 && type === 'invalidToken') || type === 'clientNotAllowed')
      throw new VendorUnavailableError(
        VENDOR,
        `${url.pathname}: Access-Token refused (check the instance credential)`,
      );
    return response;
  }

  /** Reads a 200 answer with `schema`; any other status or shape is the vendor answering nonsense. */
  expect<T>(response: VendorResponse, schema: z.ZodType<T>, what: string): T {
    if (response.status !== 200)
      throw new VendorUnavailableError(VENDOR, `${what}: unexpected HTTP ${response.status}`);
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
