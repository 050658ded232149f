import { ReplyError } from 'ioredis';
import { DependencyUnavailableError } from '../core/errors';
import type { RedisClient } from './redis-client';

// Replies that mean "Redis is there but cannot serve now" (loading, failover, cluster resharding), as opposed to
// a reply that means our command is wrong.
const UNAVAILABLE_REPLY = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|NOREPLICAS)\b/;

/** How long a lost connection may take to come back before requests stop queueing and fail at once. */
export const OUTAGE_GRACE_MS = 1000;

/** True when an ioredis failure means Redis is unreachable or not serving, rather than a bug in our command. */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof ReplyError) return UNAVAILABLE_REPLY.test((err as Error).message);
  return true;
}

const downSince = new WeakMap<RedisClient, number>();
const watched = new WeakSet<RedisClient>();

/**
 * Remembers when a connection was lost, so that an outage costs a request at most OUTAGE_GRACE_MS: a short
 * blip (a restart, a failover) is ridden out by the offline queue, and once the outage is older than that,
 * requests fail at once instead of each waiting for ioredis's retry limit or command timeout.
 */
export function watchAvailability(client: RedisClient): void {
  if (watched.has(client)) return;
  watched.add(client);
  // An 'error' while still ready is followed by 'close'; counting it would start the clock too early.
  const lost = () => {
    if (client.status !== 'ready' && !downSince.has(client)) downSince.set(client, Date.now());
  };
  client.on('error', lost);
  client.on('close', lost);
  client.on('ready', () => downSince.delete(client));
}

/** Milliseconds an operation may still wait for the connection to return; undefined while connected. */
function outageBudgetMs(client: RedisClient): number | undefined {
  const since = downSince.get(client);
  if (since === undefined || client.status === 'ready') return undefined;
  return since + OUTAGE_GRACE_MS - Date.now();
}

function unavailable(cause: unknown): DependencyUnavailableError {
  return new DependencyUnavailableError('redis', { cause });
}

/**
 * Runs one Redis operation and turns an outage into the core's DependencyUnavailableError (a 503 and an
 * alert); an error reply to a wrong command stays what it is, a programmer error. A command given up on
 * here may still run when the connection returns, exactly as after ioredis's own command timeout.
 */
export async function viaRedis<T>(client: RedisClient, operation: () => Promise<T>): Promise<T> {
  watchAvailability(client);
  const budget = outageBudgetMs(client);
  if (budget !== undefined && budget <= 0) throw unavailable(new Error('connection down'));
  try {
    return await (budget === undefined ? operation() : withDeadline(operation(), budget));
  } catch (err) {
    if (isRedisUnavailable(err)) throw unavailable(err);
    throw err;
  }
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined); // a late failure after the deadline is nobody's to handle
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('connection did not return in time')), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
