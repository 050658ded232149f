import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { EsiaUnavailableError } from './esia.errors';

/** Bounds of one ESIA call. */
export interface HttpBounds {
  readonly timeoutMs: number;
  /** Extra attempts after the first; only for idempotent GETs. */
  readonly retries?: number;
  /** Pause before a retry, doubled each time. */
  readonly backoffMs?: number;
}

/** What an ESIA call sends: always a small body (a form) or none. */
export interface EsiaRequest {
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Kept-alive connections to ESIA: every sign-in makes three calls to the same host. node:http costs about
// half the client CPU of fetch here (bench/esia-sign-in.bench.ts), and ESIA answers are small and bounded.
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};
const MAX_BODY_BYTES = 1024 * 1024;

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * One request with a hard time bound for the whole exchange, answered as a standard Response; a timeout,
 * a network failure or an oversized answer becomes EsiaUnavailableError. Redirects are not followed.
 */
export function fetchBounded(url: string, init: EsiaRequest, timeoutMs: number): Promise<Response> {
  const target = new URL(url);
  const unavailable = (cause: unknown) =>
    new EsiaUnavailableError(`ESIA ${init.method} ${target.pathname}: no answer`, { cause });
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(unavailable(new Error(`unsupported protocol ${target.protocol}`)));
    const req = send(target, { method: init.method, headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      res.on('error', (err) => fail(err));
      res.on('end', () => {
        clearTimeout(deadline);
        const status = res.statusCode ?? 502;
        const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers: toHeaders(res.headers) }));
      });
    });
    const fail = (err: unknown) => {
      clearTimeout(deadline);
      reject(unavailable(err));
    };
    const deadline = setTimeout(() => req.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('error', fail);
    req.end(init.body);
  });
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
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
