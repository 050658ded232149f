import pg from 'pg';
import type { DatabaseAddress, DatabaseServer, TargetSessionAttrs } from '../config/database-address';

/**
 * No server of DATABASE_URL accepts the session now (all down, or none is the primary yet during a failover).
 * SQLSTATE 08001 (sqlclient_unable_to_establish_sqlconnection), as libpq reports it: a 503, not a bug.
 */
export class NoServerAcceptsError extends Error {
  readonly code = '08001';
  constructor(target: TargetSessionAttrs, reasons: string[]) {
    super(`no PostgreSQL server accepts ${target} sessions: ${reasons.join('; ')}`);
    this.name = 'NoServerAcceptsError';
  }
}

type Settable = { host: string; port: number };

/** Points a not-yet-connected pg client at `server` (pg reads host and port only when it connects). */
function aim(client: pg.Client, server: DatabaseServer): void {
  const c = client as unknown as Settable & { connectionParameters: Settable };
  c.host = c.connectionParameters.host = server.host;
  c.port = c.connectionParameters.port = server.port;
}

/** Whether a connected session is on a server the target allows: libpq's checks, one round trip. */
async function accepts(client: pg.Client, target: TargetSessionAttrs): Promise<boolean> {
  if (target === 'any') return true;
  if (target === 'primary') {
    const { rows } = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    return rows[0]?.r === false;
  }
  const { rows } = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
  return rows[0]?.transaction_read_only === 'off';
}

/**
 * Remembers which server of the list takes sessions; when it is not known (at start, or after a connection to
 * it failed) it asks each server in the listed order with a short-lived probe, as libpq does, and concurrent
 * callers share one search.
 */
class ServerFinder {
  private known: DatabaseServer | undefined;
  private search: Promise<DatabaseServer> | undefined;

  constructor(
    private readonly address: DatabaseAddress,
    private readonly probeOptions: pg.ClientConfig,
  ) {}

  server(): Promise<DatabaseServer> {
    if (this.known) return Promise.resolve(this.known);
    this.search ??= this.find().finally(() => (this.search = undefined));
    return this.search;
  }

  forget(server: DatabaseServer): void {
    if (this.known === server) this.known = undefined;
  }

  private async find(): Promise<DatabaseServer> {
    const reasons: string[] = [];
    for (const server of this.address.servers) {
      const probe = new pg.Client(this.probeOptions);
      probe.on('error', () => undefined);
      aim(probe, server);
      try {
        await probe.connect();
        if (await accepts(probe, this.address.targetSessionAttrs)) return (this.known = server);
        reasons.push(`${server.host}:${server.port} is read-only (a standby)`);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        reasons.push(`${server.host}:${server.port}: ${e.code ?? e.message ?? 'failed'}`);
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
    throw new NoServerAcceptsError(this.address.targetSessionAttrs, reasons);
  }
}

/**
 * A pg Client class for the pool (`Pool({ Client })`) that connects each new pooled connection to the server
 * the finder names and checks it again on that connection (a server found writable a moment ago may be gone).
 * A failed connection makes the finder search again, so the pool follows a failover without a restart: while
 * no server qualifies, connecting fails with NoServerAcceptsError (503), and the first connection after the
 * standby's promotion lands on it. Connections already in the pool die with their server.
 */
export function serverChoosingClient(
  address: DatabaseAddress,
  probeOptions: pg.ClientConfig,
): typeof pg.Client {
  const finder = new ServerFinder(address, probeOptions);
  return class ServerChoosingClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: (err: Error | null, client?: pg.Client) => void): void;
    override connect(callback?: (err: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
      const connected = this.connectToChosenServer().then(() => this);
      if (!callback) return connected;
      connected.then((client) => callback(null, client), callback);
    }

    private async connectToChosenServer(): Promise<void> {
      const server = await finder.server();
      aim(this, server);
      try {
        await super.connect();
        if (await accepts(this, address.targetSessionAttrs)) return;
      } catch (err) {
        finder.forget(server);
        throw err;
      }
      finder.forget(server);
      await this.end().catch(() => undefined);
      throw new NoServerAcceptsError(address.targetSessionAttrs, [
        `${server.host}:${server.port} is read-only`,
      ]);
    }
  };
}
