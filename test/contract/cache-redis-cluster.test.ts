import { randomUUID } from 'node:crypto';
import { closeRedis, createRedisConnection, type RedisClient } from '../../src/cache/redis-connection';
import { startRedisCluster, type RedisClusterSet } from '../support/redis-cluster';
import { uniqueKey } from './cache-contract';
import { describeRedisCacheContracts } from './redis-subjects';

/**
 * Every cache contract on a Redis Cluster (REDIS_MODE=cluster) of three masters of this file's own. The keys of
 * one request (a nonce, two counters) land on different nodes, where no one script may touch them all, so
 * `hitOnce` works in two steps there; and a PUBLISH may enter at any node, so messages of one channel can arrive
 * out of the order sent (the PubSub port promises no order; every receiver re-reads what a message names).
 */
let cluster: RedisClusterSet | undefined;
let client: RedisClient;

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = createRedisConnection({
    mode: 'cluster',
    clusterNodes: cluster.nodes,
    sentinelName: 'unused',
    keyPrefix: `elg-cluster-test:${randomUUID().slice(0, 8)}:`,
    connectionName: 'elg-cluster-contract-test',
  });
  await client.ping();
}, 60_000);

afterAll(async () => {
  if (client) await closeRedis(client);
  await cluster?.stop();
});

describe('Redis Cluster of three masters', () => {
  it('refuses one script over a nonce and its counters (CROSSSLOT): why hitOnce takes two steps there', async () => {
    const keys = [uniqueKey('state:vendor-nonce'), uniqueKey('rl:decision:i'), uniqueKey('rl:decision:u')];
    await expect(client.eval("return redis.call('GET', KEYS[1])", keys.length, ...keys)).rejects.toThrow(
      /CROSSSLOT/,
    );
  });

  describeRedisCacheContracts('redis cluster', () => client, { pubSubOrdered: false });
});
