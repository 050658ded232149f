import express, { type Request, type Response } from 'express';
import { createServer } from 'node:http';
import {
  DNEVNIK_DEFAULTS,
  type DnevnikContext,
  type DnevnikEmulatorOptions,
} from './dnevnik-emulator.options';
import { loadDnevnikData } from './dnevnik.fixture';
import { DnevnikStore } from './dnevnik.store';
import { sendApiError, sendHtmlNotFound } from './api.representation';
import { apiAuthorizationsRoute } from './routes/api-authorizations.route';
import { apiUsersRoute } from './routes/api-users.route';
import { extensionRoute } from './extension/extension.route';
import type { EsiaLinkMark } from './dnevnik.store';
import { webDiaryRoute } from './routes/web-diary.route';
import { webSignInRoute } from './routes/web-sign-in.route';
import { webOidcRoute } from './routes/web-oidc.route';
import { gatewayOidcClient } from '../shared/diary-oidc-client';
import { closeServer, downSwitch, finishApp, listen, servePageAssets } from '../shared/emulator-server';
import { pageSecurity } from '../shared/web-session';
import { DNEVNIK_CSS } from './views/dnevnik.css';

/** A running Дневник.ру emulator. */
export interface DnevnikEmulator {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** Takes the vendor down (every connection is dropped at once) or brings it back. */
  setDown(down: boolean): Promise<void>;
  /** How many times the link notice of `linkId` changed the account's mark (a repeat does not). */
  linkNoticeApplications(linkId: string): number;
  /** The diary's own record of an account's ESIA link (what the extension's link notices wrote), for tests. */
  esiaLink(userId: string): EsiaLinkMark | null;
  close(): Promise<void>;
}

function buildApp(ctx: DnevnikContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  servePageAssets(app, '/dnevnik.css', DNEVNIK_CSS);

  // The vendor's own API (the API host's paths: /mobile for the password authorization, /v2 with a user's
  // token); an address it does not serve is its HTML error page, not its JSON envelope.
  const api = express.Router();
  api.use(['/mobile', '/v2'], express.json({ limit: '16kb' }));
  api.use(apiAuthorizationsRoute(ctx));
  api.use(apiUsersRoute(ctx));
  api.use(['/mobile', '/v2'], (_req: Request, res: Response) => sendHtmlNotFound(res));
  app.use(api);
  // What Дневник.ру would deploy for the gateway: the published diary API (docs/diary-api.openapi.json).
  app.use(extensionRoute(ctx));

  app.use(pageSecurity(ctx.gateway), express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(webSignInRoute(ctx), webOidcRoute(ctx), webDiaryRoute(ctx));
  finishApp(app, 'dnevnik-emulator', (error, req, res) => {
    // A malformed JSON body of the API is the caller's mistake, in the API's own envelope.
    const status = (error as { status?: number }).status;
    if (!/^\/(v2|mobile)\//.test(req.path) || !status || status >= 500) return false;
    sendApiError(res, status, 'parameterInvalid', 'The request body is not valid');
    return true;
  });
  return app;
}

/** Starts a Дневник.ру-like diary on 127.0.0.1 (port 0 picks a free one): its REST API v2 and its pages. */
export async function startDnevnikEmulator(options: DnevnikEmulatorOptions = {}): Promise<DnevnikEmulator> {
  const host = options.host ?? DNEVNIK_DEFAULTS.host;
  const ctx: DnevnikContext = {
    url: '',
    gateway: options.gateway ?? null,
    oidc: null,
    clock: options.clock ?? { now: () => new Date() },
    applications: options.applications ?? DNEVNIK_DEFAULTS.applications,
    extensionKeys: options.extensionKeys ?? DNEVNIK_DEFAULTS.extensionKeys,
    store: new DnevnikStore(options.data ?? loadDnevnikData()),
    maxFailedAttempts: options.maxFailedAttempts ?? DNEVNIK_DEFAULTS.maxFailedAttempts,
    attemptWindowSeconds: options.attemptWindowSeconds ?? DNEVNIK_DEFAULTS.attemptWindowSeconds,
  };
  const server = createServer(buildApp(ctx));
  const setDown = downSwitch(server);
  const port = await listen(server, options.port ?? 0, host);
  ctx.url = options.publicUrl?.replace(/\/$/, '') ?? `http://${host}:${port}`;
  if (ctx.gateway) ctx.oidc = gatewayOidcClient(ctx.gateway, ctx.url);

  return {
    url: `http://${host}:${port}`,
    linkNoticeApplications: (linkId) => ctx.store.linkNoticesApplied.get(linkId) ?? 0,
    esiaLink: (userId) => ctx.store.links.get(userId) ?? null,
    setDown,
    close: () => closeServer(server),
  };
}
