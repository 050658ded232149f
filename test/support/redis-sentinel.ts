import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, killAll, onRedisAt, throwawayRedisArgs } from './fault-tools';
import { freePort } from './private-postgres';

/**
 * A Redis master with one replica, watched by three sentinels (quorum 2), all of a test's own: Debian's
 * redis-server (sentinel mode is the same binary: `redis-sentinel` where Debian's package installs it, else
 * `redis-server --sentinel`) on private ports, no persistence. The sentinels declare the master down after
 * `downAfterMs` without an answer and promote the replica.
 */
export interface RedisSentinelSet {
  readonly name: string;
  readonly sentinels: Array<{ host: string; port: number }>;
  /** REDIS_SENTINELS for the gateway: 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 */
  readonly sentinelList: string;
  /** The port the sentinels name as master now. */
  masterPort(): Promise<number>;
  /** SIGKILL of the current master's process (it does not come back). */
  killMaster(): Promise<number>;
  /** Waits until the sentinels name another master than `oldPort` and it accepts writes; returns its port. */
  waitForNewMaster(oldPort: number, timeoutMs: number): Promise<number>;
  /** How many subscriber connections named `name` the server on `port` has now (CLIENT LIST TYPE pubsub). */
  subscribersOn(port: number, name: string): Promise<number>;
  stop(): Promise<void>;
}

const NAME = 'elgmaster';

function sentinelCommand(): { file: string; args: string[] } {
  return spawnSync('redis-sentinel', ['--version']).status === 0
    ? { file: 'redis-sentinel', args: [] }
    : { file: 'redis-server', args: ['--sentinel'] };
}

/** Starts the set and waits until every sentinel knows the replica and the other sentinels. */
export async function startRedisSentinelSet(
  options: { downAfterMs?: number } = {},
): Promise<RedisSentinelSet> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'elg-sentinel-'));
  const servers = new Map<number, ChildProcess>();
  const children: ChildProcess[] = [];
  const start = (file: string, args: string[]) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  // A replica's full sync makes the master write an RDB file: into the private folder, not the project.
  const redisArgs = (port: number) => throwawayRedisArgs(port, dir);
  const [masterPort, replicaPort] = [await freePort(), await freePort()];
  servers.set(masterPort, start('redis-server', redisArgs(masterPort)));
  servers.set(
    replicaPort,
    start('redis-server', [...redisArgs(replicaPort), '--replicaof', '127.0.0.1', String(masterPort)]),
  );
  const ask = onRedisAt;
  await eventually(
    () =>
      ask(replicaPort, async (r) => /master_link_status:up/.test(await r.info('replication'))).catch(
        () => false,
      ),
    10_000,
    'the replica in sync',
  );

  const sentinels: Array<{ host: string; port: number }> = [];
  const { file, args } = sentinelCommand();
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const conf = path.join(dir, `sentinel-${port}.conf`);
    // Sentinel rewrites its file (it records what it learns), so each has a writable one of its own.
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${NAME} ${options.downAfterMs ?? 1000}`,
        `sentinel failover-timeout ${NAME} 10000`,
        `sentinel parallel-syncs ${NAME} 1`,
        '',
      ].join('\n'),
    );
    start(file, [conf, ...args]);
    sentinels.push({ host: '127.0.0.1', port });
  }
  await eventually(
    async () => {
      for (const s of sentinels) {
        const ok = await ask(s.port, async (r) => {
          const replicas = (await r.call('SENTINEL', 'REPLICAS', NAME)) as unknown[];
          const others = (await r.call('SENTINEL', 'SENTINELS', NAME)) as unknown[];
          return replicas.length === 1 && others.length === 2;
        }).catch(() => false);
        if (!ok) return false;
      }
      return true;
    },
    20_000,
    'three sentinels that know the replica and each other',
  );

  const masterPortNow = () =>
    ask(sentinels[0]!.port, async (r) => {
      const [, port] = (await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as [string, string];
      return Number(port);
    });

  return {
    name: NAME,
    sentinels,
    sentinelList: sentinels.map((s) => `${s.host}:${s.port}`).join(','),
    masterPort: masterPortNow,
    subscribersOn: (port, name) =>
      ask(
        port,
        async (r) =>
          String(await r.call('CLIENT', 'LIST', 'TYPE', 'pubsub'))
            .split('\n')
            .filter((line) => line.includes(` name=${name} `)).length,
      ),
    async killMaster() {
      const port = await masterPortNow();
      const child = servers.get(port)!;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      return port;
    },
    async waitForNewMaster(oldPort, timeoutMs) {
      let port = oldPort;
      await eventually(
        async () => {
          port = await masterPortNow().catch(() => oldPort);
          if (port === oldPort) return false;
          return ask(port, async (r) => /role:master/.test(await r.info('replication'))).catch(() => false);
        },
        timeoutMs,
        'a new master named by the sentinels',
      );
      return port;
    },
    stop: () => killAll(children, dir),
  };
}
