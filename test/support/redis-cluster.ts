import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { eventually, killAll, onRedisAt, throwawayRedisArgs } from './fault-tools';
import { freePort } from './private-postgres';

/**
 * A Redis Cluster of a test's own: three masters (Debian's redis-server with `cluster-enabled`), no replicas, no
 * persistence, the 16 384 slots spread by `redis-cli --cluster create`. Enough for what the gateway's code must
 * do differently on a Cluster: keys of one request living on different nodes.
 */
export interface RedisClusterSet {
  /** REDIS_CLUSTER_NODES for the gateway. */
  readonly nodes: Array<{ host: string; port: number }>;
  stop(): Promise<void>;
}

export async function startRedisCluster(): Promise<RedisClusterSet> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'elg-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: Array<{ host: string; port: number }> = [];
  const stop = () => killAll(children, dir);
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const args = [
        ...throwawayRedisArgs(port, dir),
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        path.join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '5000',
      ];
      children.push(spawn('redis-server', args, { stdio: 'ignore' }));
      nodes.push({ host: '127.0.0.1', port });
    }
    for (const node of nodes)
      await eventually(
        () => probe(node.port, async (r) => (await r.ping()) === 'PONG'),
        10_000,
        `node ${node.port}`,
      );
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create: ${created.stdout}${created.stderr}`);
    for (const node of nodes)
      await eventually(
        () => probe(node.port, async (r) => /cluster_state:ok/.test(String(await r.call('CLUSTER', 'INFO')))),
        20_000,
        `cluster_state:ok on ${node.port}`,
      );
    return { nodes, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A yes/no question to one node; no answer (not up yet) is a no. */
const probe = (port: number, check: (r: Redis) => Promise<boolean>): Promise<boolean> =>
  onRedisAt(port, check).catch(() => false);
