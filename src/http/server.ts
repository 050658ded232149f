import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Lifecycle } from './lifecycle';

/** A listening HTTP server that can drain: stop accepting, finish what is in flight, then close. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Resolves when in-flight requests have finished, or after `timeoutMs` with the rest cut off. */
  drain(timeoutMs: number): Promise<{ inFlightAtTimeout: number }>;
}

/** Starts `app` on host:port (0 picks a free port) and keeps count of requests in flight. */
export async function listen(app: Express, options: { host: string; port: number; lifecycle: Lifecycle }): Promise<RunningServer> {
  const server = createServer(app);
  // Longer than a typical load balancer's idle timeout, so the balancer closes first and never reuses a dead socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) onIdle?.();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    server,
    async drain(timeoutMs) {
      options.lifecycle.draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = new Promise<void>((resolve) => {
        if (inFlight === 0) resolve();
        else onIdle = resolve;
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        finished.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      const left = timedOut ? inFlight : 0;
      server.closeAllConnections();
      await closed;
      return { inFlightAtTimeout: left };
    },
  };
}
