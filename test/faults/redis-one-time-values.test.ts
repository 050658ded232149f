import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { closeRedis, createRedisConnection } from '../../src/cache/redis-connection';
import { RedisStateStore } from '../../src/cache/redis-state-store';
import { eventually, throwawayRedisArgs } from '../support/fault-tools';
import { freePort } from '../support/private-postgres';

jest.setTimeout(60_000);

/**
 * A TCP relay between a replica and its master that can lose what the master sends (frozen), as a link that
 * breaks just before the master dies would: the replica never hears of the last writes.
 */
async function startRelay(targetPort: number): Promise<{ port: number; freeze(): void; close(): void }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((replica) => {
    const master = connect(targetPort, '127.0.0.1');
    sockets.add(replica).add(master);
    replica.pipe(master);
    master.on('data', (chunk: Buffer) => {
      if (!frozen) replica.write(chunk);
    });
    const end = () => {
      replica.destroy();
      master.destroy();
    };
    replica.on('error', end).on('close', end);
    master.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => (frozen = true),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/**
 * Issue 12 item 2, "one-time values are never accepted twice", down to the last milliseconds before a failover:
 * a master with one replica (Debian's redis-server), the link between them lost just before the master dies,
 * the replica promoted (REPLICAOF NO ONE, what Sentinel does). The same vendor nonce and sign-in state are then
 * presented again to the new master.
 */
describe('a one-time value used just before a Redis failover', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function failoverAfterUse(waitReplicas: number): Promise<string[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'elg-redis-once-'));
    dirs.push(dir);
    const args = (port: number) => throwawayRedisArgs(port, dir);
    const [masterPort, replicaPort] = [await freePort(), await freePort()];
    const master = spawn('redis-server', args(masterPort), { stdio: 'ignore' });
    children.push(master);
    const answers = async (port: number) => {
      const probe = new Redis(port, { lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => undefined);
      const ok = await probe.connect().then(
        () => probe.ping().then(() => true),
        () => false,
      );
      probe.disconnect();
      return ok;
    };
    await eventually(() => answers(masterPort), 5000, 'master');
    const relay = await startRelay(masterPort);
    const replica = spawn(
      'redis-server',
      [...args(replicaPort), '--replicaof', '127.0.0.1', String(relay.port)],
      {
        stdio: 'ignore',
      },
    );
    children.push(replica);
    const replicaClient = new Redis(replicaPort);
    await eventually(
      async () => /master_link_status:up/.test(await replicaClient.info('replication')),
      10_000,
      'replica in sync',
    );
    const storeOn = (port: number) => {
      const client = createRedisConnection({
        mode: 'standalone',
        url: `redis://127.0.0.1:${port}`,
        keyPrefix: 'once:',
        sentinelName: 'x',
      });
      return { client, store: new RedisStateStore(client, { replicas: waitReplicas, timeoutMs: 300 }) };
    };
    const before = storeOn(masterPort);
    await before.store.put('esia-state', 'login', 60);
    await eventually(
      async () => (await replicaClient.exists('once:state:esia-state')) === 1,
      5000,
      'replicated',
    );

    const outcome = (p: Promise<unknown>) =>
      p.then(
        (v) => (v === true || typeof v === 'string' ? 'accepted' : 'refused'),
        (e: Error) => (e.name === 'DependencyUnavailableError' ? 'unavailable' : `error ${e.message}`),
      );
    relay.freeze();
    const firstUse = [
      await outcome(before.store.putIfAbsent('vendor-nonce', 60)),
      await outcome(before.store.take('esia-state')),
    ];
    master.kill('SIGKILL');
    await closeRedis(before.client, 200);
    relay.close();
    await replicaClient.call('REPLICAOF', 'NO', 'ONE');
    // As the runbook says after a failover: a new replica for the new master.
    const newReplicaPort = await freePort();
    children.push(
      spawn('redis-server', [...args(newReplicaPort), '--replicaof', '127.0.0.1', String(replicaPort)], {
        stdio: 'ignore',
      }),
    );
    await eventually(
      async () => /connected_slaves:1/.test(await replicaClient.info('replication')),
      10_000,
      'a replica of the new master',
    );
    replicaClient.disconnect();
    const after = storeOn(replicaPort);
    const secondUse = [
      await outcome(after.store.putIfAbsent('vendor-nonce', 60)),
      await outcome(after.store.take('esia-state')),
    ];
    await closeRedis(after.client, 200);
    return [...firstUse, ...secondUse];
  }

  it('without REDIS_WAIT_REPLICAS the new master accepts them again (why the setting exists)', async () => {
    expect(await failoverAfterUse(0)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  });

  it('with REDIS_WAIT_REPLICAS=1 an unconfirmed use is refused (503), so each is accepted once at most', async () => {
    expect(await failoverAfterUse(1)).toEqual(['unavailable', 'unavailable', 'accepted', 'accepted']);
  });
});
