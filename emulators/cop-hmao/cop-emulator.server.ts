import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import type { CopContext } from './cop-emulator.context';
import { loadCopRecords, type CopRecords } from './cop-records.fixture';
import { gatewayOidcClient } from '../shared/diary-oidc-client';
import { listen, servePageAssets } from '../shared/emulator-server';
import type { GatewayLink } from './gateway.client';
import { eljurApiRoute } from './routes/eljur-api.route';
import { extensionApiRoute } from './routes/extension-api.route';
import { signInRoute } from './routes/sign-in.route';
import { staffRoute } from './routes/staff.route';
import {
  AccessRequestQueue,
  type QueuedAccessRequest,
  type SavedAccessRequest,
} from './state/access-requests.queue';
import { BrowserSessions } from './state/browser-sessions';
import { CopRecordsStore } from './state/cop-records.store';
import { JournalVTokens } from './state/v-tokens';
import { COP_CSS } from './views/cop.css';

/** How to start the emulator; every field has a working default. */
export interface CopHmaoEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The gateway whose OpenID Provider this platform signs people in through. */
  gateway?: GatewayLink;
  clock?: { now(): Date };
  /** Defaults to emulators/fixtures/cop-hmao.json. */
  records?: CopRecords;
  /**
   * A JSON file where the platform keeps its access requests and the records' changes (staff corrections, new
   * representatives) between restarts, as a real platform keeps them in its database: `npm start` gives one
   * under .data/. Without it everything stays in memory.
   */
  stateFile?: string;
}

/** A running ЦОП ХМАО-Югры emulator. */
export interface CopHmaoEmulator {
  /** Base URL, e.g. http://127.0.0.1:4103 (no trailing slash). */
  url: string;
  /** true: every connection is destroyed unanswered (an outage); false: answers again. */
  setDown(down: boolean): void;
  /**
   * The v_token the journal would put into `/journal-app?v_token=` after this profile signed in through
   * Госуслуги (the gateway's part of that sign-in is tested in cop-hmao-oidc.test.ts).
   */
  vTokenFor(userId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Strict headers for every page: nothing inline, no Referer (codes travel in URLs), and forms only to the
 * platform and to the gateway («Выйти» ends in a redirect there, which Chromium checks against form-action).
 */
function contentSecurityPolicy(gateway: GatewayLink | undefined): string {
  const gatewayOrigin = gateway ? ` ${new URL(gateway.url).origin}` : '';
  return `default-src 'self'; form-action 'self'${gatewayOrigin}; frame-ancestors 'none'; base-uri 'none'`;
}

/** What the state file holds. */
interface SavedState {
  records: { data: CopRecords; nextUserId: string };
  requests: SavedAccessRequest[];
}

function readState(file: string): SavedState | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SavedState;
}

/** Written whole, to a temporary file renamed over the old one: a crash never leaves half a file. */
function writeState(
  file: string,
  state: { records: SavedState['records']; requests: readonly QueuedAccessRequest[] },
): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/** Starts a ЦОП ХМАО-Югры-like platform: landing, sign-in through the gateway, journal, staff queue,
 * ЭлЖур's apiv3, and the diary-API extension. */
export async function startCopHmaoEmulator(options: CopHmaoEmulatorOptions = {}): Promise<CopHmaoEmulator> {
  const clock = options.clock ?? { now: () => new Date() };
  const records = options.records ?? loadCopRecords();
  let url = '';
  const saved = options.stateFile ? readState(options.stateFile) : undefined;
  const save = () => {
    if (options.stateFile) writeState(options.stateFile, { records: store.saved(), requests: queue.all() });
  };
  const store = new CopRecordsStore(records, saved?.records, save);
  const queue = new AccessRequestQueue(records.tenant, clock, saved?.requests ?? [], save);
  const ctx: CopContext = {
    clock,
    store,
    queue,
    sessions: new BrowserSessions(),
    eljurTokens: new Map(),
    vTokens: new JournalVTokens(() => url, clock),
    extensionNonces: new Map(),
    gateway: options.gateway,
    oidc: null,
    url: () => url,
  };
  const csp = contentSecurityPolicy(options.gateway);
  let down = false;

  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (down) return void req.socket.destroy();
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  servePageAssets(app, '/cop.css', COP_CSS);
  app.use(extensionApiRoute(ctx));
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.use(eljurApiRoute(ctx));
  app.use(signInRoute(ctx));
  app.use(staffRoute(ctx));
  app.use((_req: Request, res: Response) => void res.status(404).type('text').send('Страница не найдена'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Only programmer errors and malformed bodies get here; never echo request data back.
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500)
      return void res.status(status).type('text').send('Неверный запрос');
    process.stderr.write(
      `[cop-hmao-emulator] unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    res.status(500).type('text').send('Внутренняя ошибка эмулятора');
  });

  const server = createServer(app);
  // While down, a connection is closed before any byte of HTTP: the client sees a reset, not an answer.
  server.on('connection', (socket) => {
    if (down) socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  url = `http://${host}:${port}`;
  if (options.gateway) ctx.oidc = gatewayOidcClient(options.gateway, url);

  return {
    url,
    vTokenFor: (userId) => ctx.vTokens.issue(userId),
    setDown(value: boolean) {
      down = value;
      if (down) server.closeIdleConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
