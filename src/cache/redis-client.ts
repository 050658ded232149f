import type { Cluster, Redis } from 'ioredis';

/**
 * A command connection: one Redis (standalone or behind Sentinel) or a Cluster. Its own module so that the
 * connection and the availability watch (redis-errors.ts) both name it without importing each other.
 */
export type RedisClient = Redis | Cluster;
