import express from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { gatewayOidcClient } from '../shared/diary-oidc-client';
import { closeServer, downSwitch, finishApp, listen, servePageAssets } from '../shared/emulator-server';
import { pageSecurity } from '../shared/web-session';
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
  servePageAssets(app, '/eljur.css', ELJUR_CSS);
  app.use(apiRoute(ctx));
  app.use(pageSecurity(ctx.gateway), express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(webRoute(ctx));
  finishApp(app, 'diary-api-emulator');
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
  const setDown = downSwitch(server, options.tls ? 'secureConnection' : 'connection');
  const port = await listen(server, options.port ?? 0, host);
  ctx.url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  if (ctx.gateway) ctx.oidc = gatewayOidcClient(ctx.gateway, ctx.url);

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
    setDown,
    close: () => closeServer(server),
  };
}
