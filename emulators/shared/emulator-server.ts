import type { Express, NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves a diary's one stylesheet (cached an hour) at `path`, and answers the browser's favicon with nothing. */
export function servePageAssets(app: Express, path: string, css: string): void {
  app.get(path, (_req, res) => void res.type('css').set('Cache-Control', 'max-age=3600').send(css));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
}

/**
 * The app's last handlers: a plain 404, and for anything thrown a 500 said on stderr under `name`, never echoing
 * request data back. `answered` may answer an error itself first (a malformed body is the caller's mistake).
 */
export function finishApp(
  app: Express,
  name: string,
  answered: (error: unknown, req: Request, res: Response) => boolean = () => false,
): void {
  app.use((_req: Request, res: Response) => void res.status(404).type('text').send('Страница не найдена'));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (answered(error, req, res)) return;
    process.stderr.write(
      `[${name}] unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    res.status(500).type('text').send('Internal emulator error');
  });
}

/** Listens on host:port (0 picks a free port); resolves with the port, rejects with the listen error. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops the server and drops kept-alive connections; resolves at once when it is not listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * A vendor's "down" switch: while down, a connection is destroyed before any byte of HTTP (`event` is
 * `secureConnection` behind TLS), and going down drops the kept-alive ones, so it is down for every client at once.
 */
export function downSwitch(server: Server, event: 'connection' | 'secureConnection' = 'connection') {
  let down = false;
  server.on(event, (socket: { destroy(): void }) => {
    if (down) socket.destroy();
  });
  return async (value: boolean): Promise<void> => {
    down = value;
    if (value) server.closeAllConnections();
  };
}
