import { DependencyUnavailableError } from '../core/errors';

// Node's socket errors on the way to PostgreSQL (or PgBouncer).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

// SQLSTATEs that mean "the server cannot serve now", not "our statement is wrong": connection exceptions (08),
// insufficient resources (53), operator intervention (57: shutdown, starting up, statement timeout), system
// errors (58).
const UNAVAILABLE_SQLSTATE = /^(08|53|57|58)/;

// What pg says, without a code, when a pooled connection dies or cannot be had in time.
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

// TypeORM's errors for a data source that is not (or no longer) connected.
const TYPEORM_NAMES = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

function unavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code)))
    return true;
  if (typeof e.name === 'string' && TYPEORM_NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  return unavailable(e.driverError, depth + 1) || unavailable(e.cause, depth + 1);
}

/**
 * PostgreSQL (or PgBouncer) down, restarting, out of connections or too slow, as the core's
 * DependencyUnavailableError (a 503 and an alert, DESIGN §5.11); undefined for any other error, which stays
 * a programmer error. The pool drops dead connections by itself, so the next request after a restart succeeds.
 */
export function asDatabaseUnavailable(err: unknown): DependencyUnavailableError | undefined {
  return unavailable(err) ? new DependencyUnavailableError('postgres', { cause: err }) : undefined;
}
