import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Clock } from '../../src/core/clock';
import { VendorUnavailableError } from '../contract';
import { ApiError } from '../diary-api/diary-api.schemas';
import {
  DiaryApiTransport,
  DiaryApiTransportError,
  type DiaryApiAuth,
  type DiaryApiRequest,
  type DiaryApiResponse,
} from '../diary-api/diary-api.transport';
import { VENDOR } from './dnevnik-api.client';
import type { DnevnikConfig } from './dnevnik.config';

/** Where the extension is and how the gateway proves itself to it. */
export interface ExtensionTarget {
  readonly baseUrl: string;
  readonly settings: DnevnikConfig['extension'];
  /** The HMAC secret, or with mutual TLS the client key (PEM, or a PEM file's path). */
  readonly secret: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
}

function authOf(settings: DnevnikConfig['extension'], secret: string): DiaryApiAuth {
  if (settings.auth.type === 'hmac') return { type: 'hmac', keyId: settings.auth.keyId, secret };
  const pem = (value: string) => (value.startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));
  return {
    type: 'mtls',
    cert: pem(settings.auth.certFile),
    key: pem(secret),
    ...(settings.auth.caFile ? { ca: pem(settings.auth.caFile) } : {}),
  };
}

/**
 * The diary-API extension the vendor deploys (docs/diary-api.openapi.json), over adapters/diary-api's
 * transport: the same signing and error model as any diary of that API. Refusals in the API's error model are
 * returned for the adapter to read; anything else that is not an answer is VendorUnavailableError: no answer
 * or a 5xx an outage, a refused signature or a 404 outside the error model a configuration fault.
 */
export class DnevnikExtensionClient {
  private readonly transport: DiaryApiTransport;
  private readonly timeoutMs: number;

  constructor(target: ExtensionTarget) {
    this.timeoutMs = target.timeoutMs;
    const base = `${(target.settings.url ?? target.baseUrl).replace(/\/$/, '')}${target.settings.apiPath}`;
    this.transport = new DiaryApiTransport(
      base,
      authOf(target.settings, target.secret),
      target.timeoutMs,
      target.clock,
    );
  }

  /** The error code of a refusal in the API's error model, or undefined. */
  static codeOf(response: DiaryApiResponse): string | undefined {
    return ApiError.safeParse(response.json).data?.error.code;
  }

  async send(request: DiaryApiRequest): Promise<DiaryApiResponse> {
    const where = `extension ${request.path.split('?')[0]!}`;
    let response: DiaryApiResponse;
    try {
      response = await this.transport.send(request);
    } catch (err) {
      // Worded as adapters/shared/vendor-http words it, so one alert rule reads every vendor's outages.
      if (err instanceof DiaryApiTransportError)
        throw new VendorUnavailableError(
          VENDOR,
          `${where}: ${err.reason === 'timeout' ? `no answer in ${this.timeoutMs} ms` : 'unreachable'}`,
          { cause: err },
        );
      throw err;
    }
    if (response.status >= 500) throw new VendorUnavailableError(VENDOR, `${where}: HTTP ${response.status}`);
    if (response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(VENDOR, `${where}: the extension refused the gateway's credential`, {
        fault: 'configuration',
      });
    // 404 is an answer only as the API's "no such account/request"; any other is a route this server lacks.
    const code = DnevnikExtensionClient.codeOf(response);
    if (response.status === 404 && code !== 'user_not_found' && code !== 'request_not_found')
      throw new VendorUnavailableError(VENDOR, `${where}: no such route (HTTP 404)`, {
        fault: 'configuration',
      });
    return response;
  }

  /** A 2xx body in the shape `schema` says, else VendorUnavailableError naming the path (never the body). */
  read<S extends z.ZodType>(schema: S, response: DiaryApiResponse, path: string): z.infer<S> {
    const where = `extension ${path.split('?')[0]!}`;
    if (response.status < 200 || response.status > 299)
      throw new VendorUnavailableError(
        VENDOR,
        `${where}: HTTP ${response.status} ${DnevnikExtensionClient.codeOf(response) ?? ''}`.trim(),
      );
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) throw new VendorUnavailableError(VENDOR, `${where}: unexpected answer`);
    return parsed.data;
  }
}
