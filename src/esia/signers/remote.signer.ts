import { systemClock, type Clock } from '../../core/clock';
import type { Logger } from '../../logger';
import { readClientCertificate, type CertifiedSigner, type ClientCertificate } from './certificate';
import { describeSigner } from './describe';
import { REMOTE_SIGNING_ALGORITHM, signingRequestHeaders } from './remote-signing.protocol';
import type { SignerDescription } from './signer';
import {
  RemoteSignerAuthError,
  SigningFailedError,
  SigningTimeoutError,
  SignerUnavailableError,
} from './signer.errors';

/** Settings of the remote signer: where the service is, who we are to it, and how long we wait. */
export interface RemoteSignerOptions {
  /** Base URL of the signing service, e.g. https://signer.internal:8443 */
  readonly url: string;
  /** The key the service should sign with. */
  readonly keyId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Bound on one HTTP attempt. */
  readonly timeoutMs?: number;
  /** Further attempts after a connection failure or a 502/503/504 (never after a timeout or a 4xx). */
  readonly retries?: number;
  /** The client certificate; when absent it is fetched from the service at start. */
  readonly certificatePem?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

class Retryable extends Error {}

type ClientSettings = RemoteSignerOptions & { timeoutMs: number; retries: number; clock: Clock };

/** One authenticated JSON request to the signing service, with the timeout and retry rules of the class below. */
class RemoteSigningClient {
  private readonly controllers = new Set<AbortController>();

  constructor(readonly settings: ClientSettings) {}

  async request(
    method: 'GET' | 'POST',
    path: string,
    payload: object | undefined,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(method, path, payload);
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (attempt >= this.settings.retries)
          throw new SignerUnavailableError(error.message, { cause: error.cause });
        this.settings.logger?.warn(
          { attempt: attempt + 1, reason: error.message },
          'remote signer: retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  abortAll(): void {
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private async attempt(
    method: 'GET' | 'POST',
    path: string,
    payload: object | undefined,
  ): Promise<Record<string, unknown>> {
    const { url, clientId, clientSecret, timeoutMs, clock } = this.settings;
    const body = payload === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(payload));
    const target = new URL(path, url);
    const headers = signingRequestHeaders(
      clientId,
      clientSecret,
      method,
      target.pathname + target.search,
      body,
      clock.now(),
    );
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(
      () => controller.abort(new SigningTimeoutError(timeoutMs, `${method} ${target.pathname}`)),
      timeoutMs,
    );
    try {
      let response: Response;
      try {
        response = await fetch(target, {
          method,
          headers,
          body: payload === undefined ? undefined : body,
          signal: controller.signal,
        });
      } catch (cause) {
        if (controller.signal.aborted) throw abortReason(controller);
        throw new Retryable(`signing service unreachable: ${(cause as Error).message}`, { cause });
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        if (controller.signal.aborted) throw abortReason(controller);
        throw new SigningFailedError('the signing service broke off its answer', { cause });
      }
      if (response.status === 401 || response.status === 403)
        throw new RemoteSignerAuthError(
          `the signing service refused our credentials (HTTP ${response.status})`,
        );
      if (response.status === 502 || response.status === 503 || response.status === 504)
        throw new Retryable(`signing service answered HTTP ${response.status}`);
      if (response.status !== 200)
        throw new SigningFailedError(`the signing service answered HTTP ${response.status}`);
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch (cause) {
        throw new SigningFailedError('the signing service answered with invalid JSON', { cause });
      }
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}

function abortReason(controller: AbortController): Error {
  const reason: unknown = controller.signal.reason;
  return reason instanceof Error
    ? reason
    : new SigningFailedError('the request to the signing service was aborted');
}

/**
 * GOST through a remote signing service over HTTP: the shape that certified СКЗИ and ESIA gateway modules take,
 * where the key never enters this process. Signing has no side effect on the service, so a request that failed
 * to connect or met a 502/503/504 may be sent again (with a new nonce); a timeout is not retried, so one sign()
 * is bounded by about (retries + 1) × timeoutMs.
 */
export class RemoteSigner implements CertifiedSigner {
  private constructor(
    private readonly client: RemoteSigningClient,
    readonly certificate: ClientCertificate,
  ) {}

  /** Resolves the certificate (given, or fetched from the service) and returns a ready signer. */
  static async create(options: RemoteSignerOptions): Promise<RemoteSigner> {
    const client = new RemoteSigningClient({
      ...options,
      timeoutMs: options.timeoutMs ?? 3000,
      retries: options.retries ?? 1,
      clock: options.clock ?? systemClock,
    });
    let pem = options.certificatePem;
    if (!pem) {
      const answer = await client.request(
        'GET',
        `/v1/keys/${encodeURIComponent(options.keyId)}/certificate`,
        undefined,
      );
      if (typeof answer.certificate !== 'string')
        throw new SignerUnavailableError('the signing service answered without a certificate');
      pem = answer.certificate;
    }
    return new RemoteSigner(client, readClientCertificate(pem));
  }

  async sign(data: Buffer): Promise<Buffer> {
    const { keyId } = this.client.settings;
    const answer = await this.client.request('POST', '/v1/sign', {
      keyId,
      algorithm: REMOTE_SIGNING_ALGORITHM,
      data: data.toString('base64'),
    });
    const signature =
      typeof answer.signature === 'string' ? Buffer.from(answer.signature, 'base64') : Buffer.alloc(0);
    if (answer.keyId !== keyId || signature.length !== 64)
      throw new SigningFailedError(
        'the signing service answered with something other than a 64-byte signature for our key',
      );
    return signature;
  }

  certificateHash(): string {
    return this.certificate.hash;
  }

  describe(): SignerDescription {
    const { url, keyId } = this.client.settings;
    return describeSigner(
      'remote',
      `GOST R 34.10-2012 by the remote signing service ${new URL(url).origin} (key ${keyId})`,
      this.certificate,
    );
  }

  async close(): Promise<void> {
    this.client.abortAll();
  }
}
