import { z } from 'zod';
import { commaList, entry, url, type CheckContext, type Values } from './schema';

const hostPortList = z
  .string()
  .transform(commaList)
  .refine((list) => list.every((hp) => /^[^:\s]+:\d{1,5}$/.test(hp)), {
    message: 'expected a comma-separated list of host:port',
  })
  .transform((list) =>
    list.map((hp) => {
      const [host, p] = hp.split(':');
      return { host: host!, port: Number(p) };
    }),
  );

/** Redis: one server, a Sentinel-watched master or a cluster, and how the deployment's keys are named. */
export const redisEntries = {
  redisUrl: entry({
    env: 'REDIS_URL',
    description:
      'Redis URL (redis:// or rediss://); when absent, an in-process store is used (development only)',
    schema: url(['redis:', 'rediss:']).optional(),
  }),
  redisMode: entry({
    env: 'REDIS_MODE',
    description: 'standalone (REDIS_URL), sentinel (REDIS_SENTINELS) or cluster (REDIS_CLUSTER_NODES)',
    defaultText: 'standalone',
    schema: z.enum(['standalone', 'sentinel', 'cluster']).default('standalone'),
  }),
  redisSentinels: entry({
    env: 'REDIS_SENTINELS',
    description: 'Sentinel nodes as host:port,host:port (with REDIS_MODE=sentinel)',
    schema: hostPortList.optional(),
  }),
  redisSentinelName: entry({
    env: 'REDIS_SENTINEL_NAME',
    description: 'Name of the Sentinel-monitored master',
    defaultText: 'mymaster',
    schema: z.string().min(1).default('mymaster'),
  }),
  redisClusterNodes: entry({
    env: 'REDIS_CLUSTER_NODES',
    description: 'Cluster seed nodes as host:port,host:port (with REDIS_MODE=cluster)',
    schema: hostPortList.optional(),
  }),
  redisWaitReplicas: entry({
    env: 'REDIS_WAIT_REPLICAS',
    description:
      'With a replicated Redis (Sentinel): replicas that must confirm the use of a one-time value (sign-in state, vendor nonce) within 500 ms, else 503; 0 does not wait, and a failover just after a use may forget it',
    defaultText: '0',
    schema: z.coerce.number().int().min(0).max(5).default(0),
  }),
  redisKeyPrefix: entry({
    env: 'REDIS_KEY_PREFIX',
    description: 'Prefix of every Redis key, so that several deployments can share one Redis',
    defaultText: 'elg:',
    schema: z.string().min(1).max(64).default('elg:'),
  }),
} as const;

/** Each mode needs its addresses; production refuses the in-process store. */
export function redisProblems(p: Values<typeof redisEntries>, { production }: CheckContext): string[] {
  const problems: string[] = [];
  if (production && !p.redisUrl && p.redisMode === 'standalone')
    problems.push('REDIS_URL: missing: production refuses the in-process store');
  if (p.redisMode === 'sentinel' && !p.redisSentinels)
    problems.push('REDIS_SENTINELS: missing: REDIS_MODE=sentinel needs the sentinel nodes');
  if (p.redisMode === 'cluster' && !p.redisClusterNodes)
    problems.push('REDIS_CLUSTER_NODES: missing: REDIS_MODE=cluster needs the seed nodes');
  return problems;
}
