import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { VendorUnavailableError, type AdapterDeps } from '../contract';
import { ApiError } from '../diary-api/diary-api.schemas';
import {
  DiaryApiTransport,
  DiaryApiTransportError,
  type DiaryApiAuth,
  type DiaryApiRequest,
  type DiaryApiResponse,
} from '../diary-api/diary-api.transport';
import type { CopHmaoConfig } from './cop-hmao.config';

const KIND = 'cop-hmao';

/** The gateway's side of the extension's authentication, with the instance's credential. */
function authOf(extension: CopHmaoConfig['extension'], deps: AdapterDeps): DiaryApiAuth {
  const { auth } = extension;
  if (auth.type === 'hmac') {
    const secret = deps.secret ?? auth.demoSecret;
    if (!secret)
      throw new Error(
        `instance ${deps.instanceId}: the extension's HMAC secret (credential variable) is not set`,
      );
    if (!deps.secret)
      deps.logger.warn(
        { instance: deps.instanceId },
        'ЦОП ХМАО-Югры: the instance credential is unset; signing the extension calls with the demo secret (development only)',
      );
    return { type: 'hmac', keyId: auth.keyId, secret };
  }
  if (!deps.secret)
    throw new Error(
      `instance ${deps.instanceId}: the client key for mutual TLS (credential variable) is not set`,
    );
  const pem = (value: string) => (value.startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));
  return {
    type: 'mtls',
    cert: pem(auth.certFile),
    key: pem(deps.secret),
    ...(auth.caFile ? { ca: pem(auth.caFile) } : {}),
  };
}

/**
 * The platform's extension: the published diary API (docs/diary-api.openapi.json) it deploys for what ЭлЖур's
 * own API lacks, over the diary-api adapter's transport (HMAC or mutual TLS). Its error model decides: the
 * named "not found" code is an answer; a 404 outside it means the route is missing (a configuration fault);
 * a refused credential, a 5xx or no answer is an outage.
 */
export class CopHmaoExtension {
  private readonly transport: DiaryApiTransport;

  constructor(config: CopHmaoConfig, deps: AdapterDeps) {
    const base = `${deps.baseUrl.replace(/\/$/, '')}${config.extension.apiPath}`;
    this.transport = new DiaryApiTransport(base, authOf(config.extension, deps), deps.timeoutMs, deps.clock);
  }

  /** The error code of a refusal in the diary API's error model, or undefined for anything else. */
  codeOf(response: DiaryApiResponse): string | undefined {
    return ApiError.safeParse(response.json).data?.error.code;
  }

  /** One call; no answer, a 5xx or a refused credential is an outage naming the path, never the body. */
  async send(request: DiaryApiRequest): Promise<DiaryApiResponse> {
    const where = request.path.split('?')[0]!;
    let response: DiaryApiResponse;
    try {
      response = await this.transport.send(request);
    } catch (err) {
      if (err instanceof DiaryApiTransportError)
        throw new VendorUnavailableError(KIND, `extension ${err.message}`, { cause: err });
      throw err;
    }
    if (response.status >= 500 || response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(KIND, `extension ${where}: HTTP ${response.status}`);
    return response;
  }

  /**
   * A 2xx body in the shape `schema` says. A 404 here is a route the server lacks (the expected "not found"
   * codes were handled before): a configuration fault, never an empty answer.
   */
  read<S extends z.ZodType>(schema: S, response: DiaryApiResponse, path: string): z.infer<S> {
    const where = `extension ${path.split('?')[0]!}`;
    if (response.status === 404)
      throw new VendorUnavailableError(KIND, `${where}: HTTP 404 ${this.codeOf(response) ?? ''}`.trim(), {
        fault: 'configuration',
      });
    if (response.status < 200 || response.status > 299)
      throw new VendorUnavailableError(
        KIND,
        `${where}: HTTP ${response.status} ${this.codeOf(response) ?? ''}`,
      );
    const parsed = schema.safeParse(response.json);
    if (!parsed.success)
      throw new VendorUnavailableError(KIND, `${where}: unexpected answer`, { cause: parsed.error });
    return parsed.data;
  }

  /** GET `path`; null when the extension answers 404 with `notFound`. */
  async get<S extends z.ZodType>(schema: S, path: string, notFound: string): Promise<z.infer<S> | null> {
    const response = await this.send({ method: 'GET', path });
    if (response.status === 404 && this.codeOf(response) === notFound) return null;
    return this.read(schema, response, path);
  }
}
