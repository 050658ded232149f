import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';

export type DatabaseHealth = { ok: true; latencyMs: number } | { ok: false; reason: string };

/** Connections of this process's pool, for the /metrics gauges. */
export interface PoolStats {
  total: number;
  idle: number;
  /** Requests queued for a free connection: a sustained value means the pool is too small. */
  waiting: number;
}

/**
 * For /readyz: a SELECT 1 that must answer within `timeoutMs`. Never throws; the reason names the failure
 * class only (no host, user or query text reaches a probe's answer).
 */
export async function checkDatabase(dataSource: DataSource, timeoutMs = 1000): Promise<DatabaseHealth> {
  if (!dataSource.isInitialized) return { ok: false, reason: 'not connected' };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([dataSource.query('SELECT 1'), timeout]);
    if (outcome === 'timeout') return { ok: false, reason: `no answer within ${timeoutMs} ms` };
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: typeof code === 'string' ? `query failed (${code})` : 'query failed' };
  } finally {
    clearTimeout(timer);
  }
}

/** Pool counters of the pg Pool behind the data source; zeros before it is initialised. */
export function poolStats(dataSource: DataSource): PoolStats {
  const pool = dataSource.isInitialized
    ? (dataSource.driver as unknown as { master?: Pool }).master
    : undefined;
  if (!pool) return { total: 0, idle: 0, waiting: 0 };
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
