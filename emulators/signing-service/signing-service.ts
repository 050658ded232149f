import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Reference remote signing service (protocol v1, README.md beside this file): the stand-in for a certified СКЗИ
 * or ESIA gateway module in tests and the demo. Written from the protocol text; it imports nothing from src/.
 * It signs in-process through gost-engine, so its Node must start with OPENSSL_CONF (scripts/with-gost-engine.js).
 */

export interface SigningServiceKey {
  readonly keyPem: string;
  readonly certificatePem: string;
}

export interface SigningServiceOptions {
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly host?: string;
  /** Client id → shared HMAC secret. */
  readonly clients: Readonly<Record<string, string>>;
  /** Key id → key and certificate. */
  readonly keys: Readonly<Record<string, SigningServiceKey>>;
  /** Delay before every answer, to test the caller's timeout. */
  readonly delayMs?: number;
  /** Accepted clock difference of X-Signer-Timestamp. */
  readonly maxSkewSeconds?: number;
}

export interface RunningSigningService {
  readonly url: string;
  readonly port: number;
  /** Changes the answer delay while running (fault switch for tests). */
  setDelay(ms: number): void;
  /** Makes the next `count` requests answer 503 (fault switch for tests). */
  failNext(count: number): void;
  /** Requests seen, authenticated or not. */
  readonly requests: number;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const MAX_DATA = 16 * 1024;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {
    super(error);
  }
}

// A GOST digest elsewhere in the process can leave a stale OpenSSL error that fails the next key parse once.
function parsePrivateKey(pem: string): crypto.KeyObject {
  try {
    return crypto.createPrivateKey(pem);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_OSSL_EVP_UNSUPPORTED') throw error;
    return crypto.createPrivateKey(pem);
  }
}

function engineLoaded(): boolean {
  try {
    crypto.createHash('md_gost12_256');
    return true;
  } catch {
    return false;
  } finally {
    crypto.randomFillSync(Buffer.alloc(1));
  }
}

/** Starts the service; resolves once it listens. */
export async function startSigningService(options: SigningServiceOptions): Promise<RunningSigningService> {
  if (!engineLoaded())
    throw new Error(
      'the reference signing service needs gost-engine: start it through scripts/with-gost-engine.js',
    );
  const keys = new Map(
    Object.entries(options.keys).map(([id, k]) => [
      id,
      { key: parsePrivateKey(k.keyPem), certificatePem: k.certificatePem },
    ]),
  );
  const maxSkew = options.maxSkewSeconds ?? 300;
  const seenNonces = new Map<string, number>();
  let delayMs = options.delayMs ?? 0;
  let failures = 0;
  let requests = 0;
  const delayed = new Set<NodeJS.Timeout>();

  function authenticate(req: http.IncomingMessage, body: Buffer): void {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const client = header('x-signer-client');
    const timestamp = header('x-signer-timestamp');
    const nonce = header('x-signer-nonce');
    const mac = header('x-signer-signature');
    if (!client || !timestamp || !nonce || !mac) throw new Refusal(401, 'unauthenticated');
    const secret = options.clients[client];
    if (secret === undefined || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{32}$/.test(nonce))
      throw new Refusal(401, 'unauthenticated');
    const canonical = [
      req.method,
      req.url,
      timestamp,
      nonce,
      crypto.createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const expected = crypto.createHmac('sha256', secret).update(canonical).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      throw new Refusal(401, 'unauthenticated');
    const now = Math.floor(Date.now() / 1000);
    if (Math.abs(now - Number(timestamp)) > maxSkew) throw new Refusal(401, 'stale_request');
    for (const [seen, expires] of seenNonces) if (expires < now) seenNonces.delete(seen);
    if (seenNonces.has(`${client}:${nonce}`)) throw new Refusal(401, 'replayed_request');
    seenNonces.set(`${client}:${nonce}`, now + 2 * maxSkew);
  }

  function route(req: http.IncomingMessage, body: Buffer): { status: number; json: object } {
    const certificateMatch = /^\/v1\/keys\/([^/]+)\/certificate$/.exec(req.url ?? '');
    if (req.method === 'GET' && certificateMatch) {
      const keyId = decodeURIComponent(certificateMatch[1]!);
      const key = keys.get(keyId);
      if (!key) throw new Refusal(404, 'unknown_key');
      return { status: 200, json: { keyId, certificate: key.certificatePem } };
    }
    if (req.method === 'POST' && req.url === '/v1/sign') {
      let parsed: { keyId?: unknown; algorithm?: unknown; data?: unknown };
      try {
        parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
      } catch {
        throw new Refusal(400, 'invalid_json');
      }
      if (parsed.algorithm !== 'GOST3410_2012_256') throw new Refusal(400, 'unsupported_algorithm');
      if (typeof parsed.keyId !== 'string' || typeof parsed.data !== 'string')
        throw new Refusal(400, 'invalid_request');
      const key = keys.get(parsed.keyId);
      if (!key) throw new Refusal(404, 'unknown_key');
      const data = Buffer.from(parsed.data, 'base64');
      if (data.length > MAX_DATA) throw new Refusal(413, 'data_too_large');
      const signature = crypto.sign('md_gost12_256', data, key.key);
      return {
        status: 200,
        json: {
          keyId: parsed.keyId,
          algorithm: 'GOST3410_2012_256',
          signature: signature.toString('base64'),
        },
      };
    }
    throw new Refusal(404, 'not_found');
  }

  const server = http.createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const answer = (status: number, json: object) => {
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(json));
        };
        if (delayMs <= 0) return send();
        const timer = setTimeout(() => {
          delayed.delete(timer);
          send();
        }, delayMs);
        delayed.add(timer);
      };
      try {
        if (size > MAX_BODY) throw new Refusal(413, 'body_too_large');
        const body = Buffer.concat(chunks);
        authenticate(req, body);
        if (failures > 0) {
          failures--;
          throw new Refusal(503, 'unavailable');
        }
        const { status, json } = route(req, body);
        answer(status, json);
      } catch (error) {
        if (error instanceof Refusal) answer(error.status, { error: error.error });
        else answer(500, { error: 'internal_error' });
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    setDelay: (ms) => {
      delayMs = ms;
    },
    failNext: (count) => {
      failures = count;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
