import { createHash, createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * The wire of the published diary API (docs/diary-api.openapi.json): one JSON request to a diary, signed with
 * the HMAC of the vendor API or sent over mutual TLS, with a hard time limit. Shared by the generic adapter and
 * the conformance kit (which also sends deliberately wrong signatures and replays), so the kit checks a diary
 * against exactly what the gateway sends. Imports nothing from the gateway: the kit runs on its own.
 */

/** How a request proves it comes from the gateway. */
export type DiaryApiAuth =
  | { readonly type: 'hmac'; readonly keyId: string; readonly secret: string }
  | {
      readonly type: 'mtls';
      /** PEM of the gateway's client certificate and its private key; `ca` when the diary's certificate is private. */
      readonly cert: string;
      readonly key: string;
      readonly ca?: string;
    };

/** What the HMAC headers of one request are made of; the kit overrides them to break them on purpose. */
export interface SigningOverrides {
  readonly timestamp?: string;
  readonly nonce?: string;
  /** Sign with this secret instead (a wrong signature). */
  readonly secret?: string;
  /** Leave the signature headers out entirely. */
  readonly unsigned?: boolean;
}

export interface DiaryApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the diary API's base URL, with the query string: `/users/42`. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signing?: SigningOverrides;
}

export interface DiaryApiResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON when the answer says it is JSON and parses; otherwise undefined. */
  readonly json: unknown;
  readonly text: string;
  /** Milliseconds from sending to the last byte. */
  readonly elapsedMs: number;
  /** What was sent, for reports: method, full path, headers without the signature's secret parts. */
  readonly sent: { readonly method: string; readonly url: string; readonly body: string };
}

/** The diary did not answer in time, or not at all: never a refusal. */
export class DiaryApiTransportError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable',
    readonly path: string,
    options?: { cause?: unknown; timeoutMs?: number },
  ) {
    // The time waited is named, as every vendor's timeout reads (adapters/shared/vendor-http.ts): an operator
    // sees at once whether the diary is slow or the setting short.
    const waited = options?.timeoutMs === undefined ? 'in time' : `in ${options.timeoutMs} ms`;
    super(`${path}: ${reason === 'timeout' ? `no answer ${waited}` : 'unreachable'}`, {
      cause: options?.cause,
    });
    this.name = 'DiaryApiTransportError';
  }
}

/** The string the HMAC covers: method, request target, timestamp, nonce, hex SHA-256 of the body (docs/vendor-api.md). */
export function canonicalString(
  method: string,
  target: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return [method.toUpperCase(), target, timestamp, nonce, bodyHash].join('\n');
}

/** The four X-ELG-* headers of a request signed with `keyId` and `secret`. */
export function hmacHeaders(
  keyId: string,
  secret: string,
  request: { method: string; target: string; body: string },
  overrides: SigningOverrides = {},
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = overrides.timestamp ?? String(Math.floor(now.getTime() / 1000));
  const nonce = overrides.nonce ?? randomBytes(18).toString('base64url');
  const canonical = canonicalString(request.method, request.target, timestamp, nonce, request.body);
  const signature = createHmac('sha256', overrides.secret ?? secret)
    .update(canonical)
    .digest('base64url');
  return {
    'X-ELG-Key-Id': keyId,
    'X-ELG-Timestamp': timestamp,
    'X-ELG-Nonce': nonce,
    'X-ELG-Signature': signature,
  };
}

/** A client of one diary's API: its base URL (with the API's path prefix), its authentication, its time limit. */
export class DiaryApiTransport {
  private readonly base: URL;
  private readonly agent: HttpsAgent | undefined;

  constructor(
    baseUrl: string,
    private readonly auth: DiaryApiAuth,
    private readonly timeoutMs: number,
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {
    this.base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    if (auth.type === 'mtls') {
      if (this.base.protocol !== 'https:') throw new Error('mutual TLS needs an https:// base URL');
      this.agent = new HttpsAgent({ cert: auth.cert, key: auth.key, ca: auth.ca, keepAlive: true });
    }
  }

  /** The full URL of `path` below the base. */
  urlOf(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.base);
  }

  /** Sends one request; resolves with any HTTP answer, rejects only with DiaryApiTransportError. */
  send(req: DiaryApiRequest): Promise<DiaryApiResponse> {
    const url = this.urlOf(req.path);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    const target = `${url.pathname}${url.search}`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(this.auth.type === 'hmac' && !req.signing?.unsigned
        ? hmacHeaders(
            this.auth.keyId,
            this.auth.secret,
            { method: req.method, target, body },
            req.signing,
            this.clock.now(),
          )
        : {}),
      ...req.headers,
    };
    const started = process.hrtime.bigint();
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<DiaryApiResponse>((resolve, reject) => {
      const outgoing = send(url, { method: req.method, headers, agent: this.agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (c: Buffer) => chunks.push(c));
        incoming.on('error', (err) =>
          reject(new DiaryApiTransportError('unreachable', url.pathname, { cause: err })),
        );
        incoming.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          if (/json/.test(incoming.headers['content-type'] ?? ''))
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            json,
            text,
            elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
            sent: { method: req.method, url: url.href, body },
          });
        });
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        reject(new DiaryApiTransportError('timeout', url.pathname, { timeoutMs: this.timeoutMs }));
      }, this.timeoutMs);
      outgoing.on('error', (err) => {
        clearTimeout(timer);
        reject(new DiaryApiTransportError('unreachable', url.pathname, { cause: err }));
      });
      outgoing.end(body);
    });
  }

  /** Closes kept-alive TLS connections. */
  close(): void {
    this.agent?.destroy();
  }
}
