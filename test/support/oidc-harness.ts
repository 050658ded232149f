import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import { createCache, type Cache } from '../../src/cache';
import { systemClock, type Clock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { createOidc, createOidcProvider, oidcPaths, type OidcProvider } from '../../src/oidc/create-oidc';
import { buildTestApp, LogCapture, testConfig } from './test-app';

const root = join(__dirname, '../..');

/** panva's oidc-provider in a child process (it is ESM-only; Jest here is CommonJS). */
export interface ProviderProcess {
  readonly url: string;
  /** The provider replaces its signing key by a new one (new kid). */
  rotateKey(): Promise<void>;
  close(): Promise<void>;
}

/** Starts test/support/oidc-provider.mjs with one client and waits for the address it prints. */
export async function startProviderProcess(client: Record<string, unknown>): Promise<ProviderProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['test/support/oidc-provider.mjs', JSON.stringify({ clients: [client] })],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '' } },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (process.env['OIDC_PROVIDER_DEBUG']) process.stderr.write(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`oidc-provider exited ${code}: ${err}`)));
  });
  return {
    url,
    async rotateKey() {
      await fetch(`${url}/__test/rotate`, { method: 'POST' });
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A browser: cookies per origin, redirects not followed (we look at each hop). */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async get(url: string | URL): Promise<Response> {
    const target = new URL(url);
    const jar = this.jars.get(target.origin) ?? new Map<string, string>();
    this.jars.set(target.origin, jar);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(target, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    return response;
  }
}

/** How the fake token endpoint spoils the next answer (or the request it forwards). */
export type TokenFault =
  | 'nonce'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'notYetValid'
  | 'algNone'
  | 'badSignature'
  | 'unknownKid'
  | 'wrongVerifier'
  | 'dropVerifier';

/**
 * The gateway's token endpoint and JWKS for provider A: a tiny server in the test that forwards to
 * oidc-provider (which checks the code, the client secret and PKCE) and, when a fault is set, replaces the ID
 * token with one crafted here and signed with jose, because oidc-provider will not sign a wrong token. Its
 * JWKS is the provider's, plus the test key that signs the crafted tokens: a crafted token is refused only by
 * the check it was made to fail.
 */
export class TokenProxy {
  fault: TokenFault | undefined;
  lastTokenRequest: URLSearchParams | undefined;
  jwksFetches = 0;
  private server!: Server;
  private testKey!: { privateKey: KeyLike; jwk: JWK };
  private strangerKey!: KeyLike;
  url = '';

  constructor(private readonly providerUrl: string) {}

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256');
    this.testKey = {
      privateKey: pair.privateKey,
      jwk: { ...(await exportJWK(pair.publicKey)), kid: 'test-signer', alg: 'RS256', use: 'sig' },
    };
    this.strangerKey = (await generateKeyPair('RS256')).privateKey;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => res.writeHead(500).end(err.message));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url === '/jwks') {
      this.jwksFetches += 1;
      const upstream = (await (await fetch(`${this.providerUrl}/jwks`)).json()) as { keys: JWK[] };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [...upstream.keys, this.testKey.jwk] }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    this.lastTokenRequest = new URLSearchParams(body);
    if (this.fault === 'wrongVerifier') body.set('code_verifier', 'x'.repeat(43));
    if (this.fault === 'dropVerifier') body.delete('code_verifier');
    const upstream = await fetch(`${this.providerUrl}/token`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const json = (await upstream.json()) as Record<string, unknown>;
    if (upstream.ok && typeof json.id_token === 'string') json.id_token = await this.spoil(json.id_token);
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  }

  /** The real ID token, or one crafted from its claims with exactly one thing wrong. */
  private async spoil(idToken: string): Promise<string> {
    const claims: JWTPayload = decodeJwt(idToken);
    const now = Math.floor(Date.now() / 1000);
    const sign = (payload: JWTPayload, key = this.testKey.privateKey, kid = 'test-signer') =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
    switch (this.fault) {
      case 'nonce':
        return sign({ ...claims, nonce: 'not-the-nonce-we-sent' });
      case 'issuer':
        return sign({ ...claims, iss: 'https://idp.attacker.example' });
      case 'audience':
        return sign({ ...claims, aud: 'another-client' });
      case 'expired':
        return sign({ ...claims, iat: now - 7200, exp: now - 3600 });
      case 'notYetValid':
        return sign({ ...claims, nbf: now + 3600 });
      case 'algNone': {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      }
      case 'badSignature':
        // The published kid, a key that is not its own.
        return sign(claims, this.strangerKey, decodeProtectedHeader(idToken).kid);
      case 'unknownKid':
        return sign(claims, this.strangerKey, 'never-published');
      default:
        return idToken;
    }
  }
}

/** The gateway (real app on a real port) with two OIDC providers: A (from OIDC_*, through the proxy) and B. */
export interface OidcHarness {
  gatewayUrl: string;
  providerA: ProviderProcess;
  providerB: ProviderProcess;
  proxy: TokenProxy;
  a: OidcProvider;
  b: OidcProvider;
  logs: LogCapture;
  /** What the console's counters were told (src/services/activity.ts), in order. */
  counted: Array<{ kind: string; instanceId: string | null }>;
  /** The gateway's session store (a test puts a diary's journey in a session with it). */
  sessions: Cache['sessionStore'];
  close(): Promise<void>;
}

const client = (id: string, redirectUri: string) => ({
  client_id: id,
  client_secret: `${id}-secret-0123456789`,
  redirect_uris: [redirectUri],
  token_endpoint_auth_method: 'client_secret_post',
  id_token_signed_response_alg: 'RS256',
});

/** Starts both providers, the proxy and the gateway; `clock` is the gateway's (states, ID token times). */
export async function startOidcHarness(options: { clock?: Clock } = {}): Promise<OidcHarness> {
  const clock = options.clock ?? systemClock;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const [providerA, providerB] = await Promise.all([
    startProviderProcess(client('gateway-a', gatewayUrl + oidcPaths('oidc').callback)),
    startProviderProcess(client('gateway-b', gatewayUrl + oidcPaths('oidc-b').callback)),
  ]);
  const proxy = new TokenProxy(providerA.url);
  await proxy.start();

  const config = testConfig({
    PUBLIC_URL: gatewayUrl,
    OIDC_ISSUER: providerA.url,
    OIDC_CLIENT_ID: 'gateway-a',
    OIDC_CLIENT_SECRET: 'gateway-a-secret-0123456789',
    OIDC_SCOPES: 'openid profile',
    OIDC_TOKEN_URL: `${proxy.url}/token`,
    OIDC_JWKS_URI: `${proxy.url}/jwks`,
    OIDC_JWKS_COOLDOWN_MS: '0',
    OIDC_TIMEOUT_MS: '2000',
  });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'info', destination: logs });
  const cache = createCache({ ...config, clock }, logger);
  const deps = { stateStore: cache.stateStore, clock };
  const a = (await createOidc(config, deps))!;
  const b = await createOidcProvider(
    {
      id: 'oidc-b',
      issuer: providerB.url,
      clientId: 'gateway-b',
      clientSecret: 'gateway-b-secret-0123456789',
      scopes: ['profile'],
      idTokenAlgs: ['RS256'],
      publicUrl: gatewayUrl,
      discovery: true,
      timeoutMs: 2000,
      jwksCooldownMs: 0,
    },
    deps,
  );
  const counted: OidcHarness['counted'] = [];
  const { app } = buildTestApp({
    config,
    clock,
    logger,
    sessionStore: cache.sessionStore,
    oidc: [a, b],
    activity: (kind, instanceId) => void counted.push({ kind, instanceId }),
  });
  handler = app as unknown as typeof handler;
  return {
    gatewayUrl,
    providerA,
    providerB,
    proxy,
    a,
    b,
    logs,
    counted,
    sessions: cache.sessionStore,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([providerA.close(), providerB.close(), proxy.close()]);
      await cache.close();
    },
  };
}
