import Redis from 'ioredis';
import { type BenchOptions } from './lib/bench-options';
import { freePort } from './lib/free-port';
import { spawnEsiaEmulator, spawnGateway } from './lib/bench-processes';
import { signIn } from './lib/esia-sign-in';
import type { MeasuredProcess } from './lib/measured-process';
import { benchRedisUrl, deleteKeys } from './lib/redis-server';
import { ratio, type BenchResult } from './lib/results-table';
import { runAlone } from './lib/run-alone';

/**
 * The size of one signed-in session in Redis (issue 7, item 3): a gateway on Redis (REDIS_URL, else the local
 * one) under its own key prefix, one complete ESIA sign-in through the emulator (parent with two children, so
 * the session holds what the chooser needs), then MEMORY USAGE (what Redis spends on the key, overhead
 * included) and STRLEN (the serialized session) of the session key.
 */

const BENCH = 'session';
const TARGET_BYTES = 1024;

export async function run(options: BenchOptions): Promise<BenchResult> {
  const redis = await benchRedisUrl();
  if (!redis)
    return {
      rows: [
        {
          bench: BENCH,
          measure:
            'one signed-in session in Redis: not measured (no REDIS_URL and no Redis at 127.0.0.1:6379)',
          value: Number.NaN,
          unit: 'B',
        },
      ],
      notes: [],
    };
  const persona = options.values.get('persona') ?? 'parent-two-schools';
  const prefix = `elg-bench-session-${process.pid}:`;
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  let esia: MeasuredProcess | undefined;
  let gateway: MeasuredProcess | undefined;
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    esia = await spawnEsiaEmulator(gatewayUrl);
    gateway = await spawnGateway(gatewayPort, esia.url, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix });
    await signIn(gateway.url, esia.url, persona);
    const keys: string[] = [];
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, found] = await client.scan(cursor, 'MATCH', `${prefix}sess:*`, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0' && ++rounds < 1000);
    if (!keys.length) throw new Error(`no session key under ${prefix}sess: after a sign-in`);
    const sizes = await Promise.all(
      keys.map(async (key) => ({
        key,
        memory: Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')),
        length: await client.strlen(key),
      })),
    );
    const largest = sizes.reduce((a, b) => (b.length > a.length ? b : a));
    return {
      rows: [
        {
          bench: BENCH,
          measure: 'one signed-in session in Redis (MEMORY USAGE)',
          value: largest.memory,
          unit: 'B',
          against: `target < ${TARGET_BYTES} B`,
          ratioText: ratio(largest.memory, TARGET_BYTES),
          verdict: largest.memory < TARGET_BYTES ? 'ok' : 'MISSED',
        },
        {
          bench: BENCH,
          measure: 'one signed-in session in Redis (STRLEN, the JSON)',
          value: largest.length,
          unit: 'B',
          against: `target < ${TARGET_BYTES} B`,
          ratioText: ratio(largest.length, TARGET_BYTES),
          verdict: largest.length < TARGET_BYTES ? 'ok' : 'MISSED',
        },
      ],
      notes: [
        `session: one ESIA sign-in as ${persona} through the emulator, gateway on ${redis.kind} (key prefix ` +
          `${prefix}), ${gateway.facts.postgres}; ${keys.length} session key(s) after the sign-in, the largest measured.`,
      ],
    };
  } finally {
    client.disconnect();
    await gateway?.stop();
    await esia?.stop();
    await deleteKeys(redis.url, prefix).catch(() => undefined);
  }
}

runAlone(module, run);
