import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { selectGostProvider } from './crypto/gost.provider';
import { SigningKeyRing, type TokenAlg } from './crypto/signing-key.ring';
import { EsiaFaults, type FaultState } from './esia-faults';
import {
  DEFAULTS,
  demoClient,
  registerClient,
  type EmulatorContext,
  type EsiaEmulatorOptions,
} from './esia-emulator.options';
import { adminRoute } from './routes/admin.route';
import { authorizeRoute } from './routes/authorize.route';
import { consentRoute } from './routes/consent.route';
import { logoutRoute } from './routes/logout.route';
import { personRoute } from './routes/person.route';
import { signInRoute } from './routes/sign-in.route';
import { tokenRoute } from './routes/token.route';
import { EmulatorStore } from './state/emulator.store';
import { ESIA_EMULATOR_CSS } from './views/esia-emulator.css';

/** A running ESIA emulator. */
export interface EsiaEmulator {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  faults: EsiaFaults;
  /** Which GOST implementation verifies client secrets and signs tokens. */
  gostBackend: 'gost-engine' | 'node-gost-crypto';
  /** Moves every algorithm to its next signing key; returns the new kid of the default algorithm. */
  rotateKey(): string;
  /** Certificates (PEM) a relying party should trust for `alg`: active first, then earlier ones. */
  certificatesPem(options?: { alg?: TokenAlg; includeUpcoming?: boolean }): string[];
  /** Resolves when the server accepts connections again (after `down: 'refuse'` is cleared). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Protocol faults: applied to every request except the admin endpoint and the stylesheet. */
function faultMiddleware(faults: EsiaFaults) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const f = faults.current;
    if (f.down === 'reset') return void req.socket.destroy();
    if (f.delayMs > 0) await sleep(f.delayMs);
    if (f.serverError !== null)
      return void res.status(f.serverError).type('text').send('Сервис временно недоступен');
    next();
  };
}

/** Starts an ESIA emulator on 127.0.0.1 (port 0 picks a free one). */
export async function startEsiaEmulator(options: EsiaEmulatorOptions = {}): Promise<EsiaEmulator> {
  const gost = selectGostProvider(options.gostBackend ?? 'auto');
  const signingAlg = options.signingAlg ?? DEFAULTS.signingAlg;
  const registrations = options.clients ?? [demoClient(options.redirectUris ?? [])];
  const faults = new EsiaFaults();
  const ctx: EmulatorContext = {
    clock: options.clock ?? { now: () => new Date() },
    issuer: options.issuer ?? DEFAULTS.issuer,
    clients: new Map(registrations.map((c) => [c.clientId, registerClient(c, gost, signingAlg)])),
    personas: options.personas ?? DEFAULTS.personas(),
    gost,
    rings: {
      GOST3410_2012_256: new SigningKeyRing('GOST3410_2012_256', gost),
      RS256: new SigningKeyRing('RS256', gost),
    },
    faults,
    store: new EmulatorStore(),
    codeTtlSeconds: options.codeTtlSeconds ?? DEFAULTS.codeTtlSeconds,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULTS.accessTokenTtlSeconds,
    timestampToleranceSeconds: options.timestampToleranceSeconds ?? DEFAULTS.timestampToleranceSeconds,
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(adminRoute(faults));
  app.get(
    '/esia-emulator.css',
    (_req, res) => void res.type('css').set('Cache-Control', 'max-age=3600').send(ESIA_EMULATOR_CSS),
  );
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.use(faultMiddleware(faults));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  for (const route of [authorizeRoute, signInRoute, consentRoute, tokenRoute, personRoute, logoutRoute])
    app.use(route(ctx));
  app.use((_req: Request, res: Response) => void res.status(404).type('text').send('Not found'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Only programmer errors get here; say so on stderr, never echo request data back.
    process.stderr.write(
      `[esia-emulator] unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    res.status(500).type('text').send('Internal emulator error');
  });

  const server: Server = createServer(app);
  const host = options.host ?? DEFAULTS.host;
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let listening: Promise<void> = Promise.resolve();
  faults.onChange((state: FaultState) => {
    if (state.down === 'refuse' && server.listening) {
      server.close();
      server.closeAllConnections();
    } else if (state.down !== 'refuse' && !server.listening) {
      listening = listen(port);
    }
  });

  return {
    url: `http://${host}:${port}`,
    faults,
    gostBackend: gost.name,
    rotateKey: () => {
      Object.values(ctx.rings).forEach((ring) => ring.rotate());
      return ctx.rings[signingAlg].active.kid;
    },
    certificatesPem: ({ alg = signingAlg, includeUpcoming = false } = {}) =>
      ctx.rings[alg].certificatesPem(includeUpcoming),
    listening: () => listening,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
