import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';

/** A Lua script run by its SHA1, loaded again on a node that has not seen it (restart, new cluster node). */
export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

/**
 * Prepares a Lua script. A script that touches several keys runs on one Redis only: on a Cluster its keys sit
 * in slots of their own (the rate limiter does such work in steps there).
 */
export function redisScript(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs `script` on `keys` (ioredis applies the key prefix to them) with `args`. */
export async function runScript(
  client: RedisClient,
  script: RedisScript,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return client.eval(script.lua, keys.length, ...keys, ...args);
  }
}
