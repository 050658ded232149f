import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { DiaryOidcClient } from '../shared/diary-oidc-client';
import { repoFile } from '../fixtures/fixture-paths';
import { loadEljurData } from './diary-api.fixture';
import {
  ELJUR_DEFAULTS,
  type EljurApiKey,
  type EljurContext,
  type EljurEmulatorOptions,
} from './diary-api-emulator.options';
import { EljurStore } from './diary-api.store';
import { apiRoute } from './routes/api.route';
import { pageSecurity } from './routes/web-session';
import { webRoute } from './routes/web.route';
import { ELJUR_CSS } from './views/eljur.css';

/** A running reference diary. */
export interface EljurEmulator {
  /** Base URL, e.g. http://127.0.0.1:4104 (no trailing slash); the API is at `${url}${apiPath}`. */
  url: string;
  apiUrl: string;
  /** What the diary itself recorded about a user's ESIA link (from the gateway's link notices). */
  linkOf(userId: string): string | null;
  /** A school's staff resolves (or rejects) a request in the diary's queue. */
  settleAccessRequest(
    id: string,
    outcome: { status: 'resolved' | 'rejected'; resolution: string; userId?: string },
  ): void;
  /** Takes the diary down (every connection dropped at once) or brings it back. */
  setDown(down: boolean): Promise<void>;
  close(): Promise<void>;
}

/** DEVELOPMENT ONLY: the demo key of config/demo-vendor-credentials.json for `instanceId`, if it has one. */
export function demoApiKeys(instanceId: string): EljurApiKey[] {
  const file = JSON.parse(readFileSync(repoFile('config', 'demo-vendor-credentials.json'), 'utf8')) as {
    credentials?: Array<{ instanceId?: string; keyId?: string; secret?: string }>;
  };
  return (file.credentials ?? []).flatMap((c) =>
    c.instanceId === instanceId && c.keyId && c.secret ? [{ keyId: c.keyId, secret: c.secret }] : [],
  );
}

function buildApp(ctx: EljurContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get(
    '/eljur.css',
    (_req, res) => void res.type('css').set('Cache-Control', 'max-age=3600').send(ELJUR_CSS),
  );
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.use(apiRoute(ctx));
  app.use(pageSecurity(ctx), express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(webRoute(ctx));
  app.use((_req: Request, res: Response) => void res.status(404).type('text').send('Страница не найдена'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    process.stderr.write(
      `[diary-api-emulator] unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    res.status(500).type('text').send('Internal emulator error');
  });
  return app;
}

/**
 * Starts the ЭлЖур-like reference diary on 127.0.0.1 (port 0 picks a free one): the published diary API under
 * /elg/v1 (HMAC, or mutual TLS with `tls`) and its pages, an OpenID client of the gateway when `gateway` is set.
 */
export async function startEljurEmulator(options: EljurEmulatorOptions = {}): Promise<EljurEmulator> {
  const host = options.host ?? ELJUR_DEFAULTS.host;
  const ctx: EljurContext = {
    url: '',
    gateway: options.gateway ?? null,
    oidc: null,
    clock: options.clock ?? { now: () => new Date() },
    keys: options.keys ?? demoApiKeys(options.gateway?.instanceId ?? ELJUR_DEFAULTS.instanceId),
    mtls: !!options.tls,
    apiPath: options.apiPath ?? ELJUR_DEFAULTS.apiPath,
    brokenMode: options.brokenMode ?? null,
    slowMs: options.slowMs ?? ELJUR_DEFAULTS.slowMs,
    store: new EljurStore(options.data ?? loadEljurData()),
  };
  const app = buildApp(ctx);
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ca: options.tls.clientCa,
          requestCert: true,
          rejectUnauthorized: false,
        },
        app,
      )
    : createHttpServer(app);
  let down = false;
  server.on(options.tls ? 'secureConnection' : 'connection', (socket) => {
    if (down) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ctx.url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  if (ctx.gateway)
    ctx.oidc = new DiaryOidcClient(
      {
        issuer: `${ctx.gateway.url.replace(/\/+$/, '')}/oidc`,
        clientId: ctx.gateway.instanceId,
        ...ctx.gateway.oidc,
      },
      `${ctx.url}/oidc/callback`,
    );

  return {
    url: ctx.url,
    apiUrl: `${ctx.url}${ctx.apiPath}`,
    linkOf: (userId) => ctx.store.links.get(userId) ?? null,
    settleAccessRequest(id, outcome) {
      const request = ctx.store.accessRequests.get(id);
      if (!request) throw new Error(`no access request ${id}`);
      Object.assign(request, {
        status: outcome.status,
        resolution: outcome.resolution,
        userId: outcome.userId ?? null,
      });
    },
    setDown: async (value: boolean) => {
      down = value;
      if (value) server.closeAllConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
