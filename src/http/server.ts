import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import type { Express } from 'express';
import type { Lifecycle } from './lifecycle';

/** A listening HTTP server that can drain: stop accepting, finish what is in flight, then close. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /**
   * Reports draining and keeps serving for `graceMs` (every response says "Connection: close") so the load
   * balancer takes the process out, then stops accepting and resolves when every connection has finished its
   * work, or after `timeoutMs` more with the rest cut off.
   */
  drain(options: { graceMs: number; timeoutMs: number }): Promise<{ inFlightAtTimeout: number }>;
}

interface ConnectionState {
  busy: boolean;
  served: number;
}

// A connection accepted just before the drain may not have sent its request yet; it gets this long to do so.
const FRESH_CONNECTION_GRACE_MS = 1000;

/**
 * Node's request and response constructors, with the app's own request and response (`app.request`,
 * `app.response`) as their instances' prototypes, so that each arrives as Express would make it. Express 5
 * otherwise changes both objects' prototype on every request (`Object.setPrototypeOf`), and V8 then kept them,
 * and much of what they reached, alive through young-generation collections until they were copied into the
 * old space, to die there (issue 11): with a bare Express hello-world at 500 requests a second, 2 MB promoted
 * per young collection instead of 0.04 MB. Express still sets the same prototypes, which then changes nothing.
 * Plain functions, not classes: a class's `prototype` cannot be replaced.
 */
export function expressMessageClasses(app: Pick<Express, 'request' | 'response'>): {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
} {
  // Node's own signatures, named rather than spread: these run for every request.
  function AppRequest(this: IncomingMessage, socket: Socket) {
    IncomingMessage.call(this, socket);
  }
  AppRequest.prototype = app.request;
  // Node passes options (highWaterMark…) that @types/node's constructor does not declare.
  const initResponse = ServerResponse as unknown as (
    this: ServerResponse,
    req: IncomingMessage,
    options?: object,
  ) => void;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object) {
    initResponse.call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return {
    IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
    ServerResponse: AppResponse as unknown as typeof ServerResponse,
  };
}

/**
 * Starts `app` on host:port (0 picks a free port). Every connection is tracked, because "in flight" starts
 * when the client has connected, not when Node has parsed the request: Node's own `server.close()` resets
 * connections that have not sent a full request yet, which fails requests the client already sent.
 */
export async function listen(
  app: Express,
  options: { host: string; port: number; lifecycle: Lifecycle },
): Promise<RunningServer> {
  const server = createServer(expressMessageClasses(app), app);
  // Longer than a typical load balancer's idle timeout, so the balancer closes first and never reuses a dead socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  const connections = new Map<Socket, ConnectionState>();
  let onAllClosed: (() => void) | undefined;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: false, served: 0 });
    socket.once('close', () => {
      connections.delete(socket);
      if (connections.size === 0) onAllClosed?.();
    });
  });
  server.on('request', (req, res) => {
    const state = connections.get(req.socket);
    if (state) state.busy = true;
    res.once('finish', () => {
      if (!state) return;
      state.busy = false;
      state.served += 1;
      // Responses sent while draining carry "Connection: close" (lifecycle middleware); make sure it closes.
      if (options.lifecycle.draining) req.socket.end();
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
    async drain({ graceMs, timeoutMs }) {
      options.lifecycle.draining = true;
      if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
      // net.Server's close stops accepting without http.Server's reset of connections that are still fresh.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      for (const [socket, state] of connections) if (!state.busy && state.served > 0) socket.destroy();
      const freshTimer = setTimeout(
        () => {
          for (const [socket, state] of connections) if (!state.busy && state.served === 0) socket.destroy();
        },
        Math.min(FRESH_CONNECTION_GRACE_MS, timeoutMs),
      );

      const allClosed = new Promise<void>((resolve) => {
        if (connections.size === 0) resolve();
        else onAllClosed = resolve;
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        allClosed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      clearTimeout(freshTimer);
      const left = timedOut ? [...connections.values()].filter((s) => s.busy).length : 0;
      for (const socket of connections.keys()) socket.destroy();
      server.closeAllConnections();
      await closed;
      return { inFlightAtTimeout: left };
    },
  };
}
