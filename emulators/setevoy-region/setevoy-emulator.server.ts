import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import { accountRoute } from './routes/account.route';
import { authRoute } from './routes/auth.route';
import { extensionRoute } from './routes/extension.route';
import { loginFormRoute } from './routes/login-form.route';
import { oidcRoute } from './routes/oidc.route';
import { signInRoute } from './routes/sign-in.route';
import { userApiRoute } from './routes/user-api.route';
import { gatewayOidcClient } from '../shared/diary-oidc-client';
import { closeServer, listen, servePageAssets } from '../shared/emulator-server';
import { buildContext, DEFAULTS, type SetevoyEmulatorOptions } from './setevoy-emulator.options';
import { SETEVOY_CSS } from './views/setevoy.css';

/** A running «Сетевой Регион. Образование» emulator. */
export interface SetevoyEmulator {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** The link the gateway last told this account about (a link notice), or null: what its settings page shows. */
  linkOf(userId: string): string | null;
  /** Takes the system down (connections refused) or brings it back up on the same port. */
  setDown(down: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Starts the emulator (port 0 picks a free one). It imports nothing from the gateway: it is the outside world. */
export async function startSetevoyRegionEmulator(
  options: SetevoyEmulatorOptions = {},
): Promise<SetevoyEmulator> {
  const host = options.host ?? DEFAULTS.host;
  let url = '';
  const ctx = buildContext(options, () => url);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  servePageAssets(app, '/setevoy.css', SETEVOY_CSS);
  // Before the body parsers: the extension checks its HMAC over the raw body.
  app.use(extensionRoute(ctx));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  for (const route of [loginFormRoute, authRoute, userApiRoute, signInRoute, oidcRoute, accountRoute])
    app.use(route(ctx));
  app.use((_req: Request, res: Response) => void res.status(404).type('text').send('Страница не найдена'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Only programmer errors get here; say so on stderr, never echo request data back.
    process.stderr.write(
      `[setevoy-emulator] unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    res.status(500).type('text').send('Внутренняя ошибка эмулятора');
  });

  const server: Server = createServer(app);
  const stop = () => closeServer(server);
  const port = await listen(server, options.port ?? 0, host);
  url = `http://${host}:${port}`;
  if (ctx.gateway) ctx.oidc = gatewayOidcClient(ctx.gateway, url);

  return {
    url,
    linkOf: (userId) => ctx.store.esiaLinks.get(Number(userId))?.linkId ?? null,
    setDown: async (down) => {
      if (down) await stop();
      else if (!server.listening) await listen(server, port, host);
    },
    close: stop,
  };
}
