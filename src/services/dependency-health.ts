import type { DiaryDirectory } from './diary-directory';

/** The health of one dependency as the console shows it. */
export interface DependencyHealth {
  /** The diary instance's id, or null for ESIA. */
  readonly instanceId: string | null;
  readonly tenantId: string | null;
  readonly name: string;
  readonly state: 'up' | 'degraded' | 'down' | 'unknown';
}

/** Answers the health of ESIA and of every diary (the console's overview and region page). */
export type HealthReport = () => Promise<DependencyHealth[]>;

/**
 * ESIA has no circuit breaker: its health is whether its address answers HTTP at all (any status) within
 * `timeoutMs`, asked at most every `cacheMs`. Each diary's health is its circuit breaker in this process:
 * closed is up, half-open (one probe allowed) degraded, open down.
 */
export function dependencyHealth(input: {
  esiaBaseUrl: string;
  diaries?: Pick<DiaryDirectory, 'all'>;
  timeoutMs?: number;
  cacheMs?: number;
  now?: () => number;
}): HealthReport {
  const now = input.now ?? (() => Date.now());
  let esia: { at: number; state: DependencyHealth['state'] } | undefined;
  const probeEsia = async (): Promise<DependencyHealth['state']> => {
    if (esia && now() - esia.at < (input.cacheMs ?? 30_000)) return esia.state;
    const state = await fetch(input.esiaBaseUrl, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs ?? 2000),
    }).then(
      async (res) => {
        await res.body?.cancel();
        return res.status >= 500 ? ('degraded' as const) : ('up' as const);
      },
      () => 'down' as const,
    );
    esia = { at: now(), state };
    return state;
  };
  return async () => [
    { instanceId: null, tenantId: null, name: 'Госуслуги (ЕСИА)', state: await probeEsia() },
    ...(input.diaries?.all() ?? []).map((d) => ({
      instanceId: d.id,
      tenantId: d.tenantId,
      name: d.displayName,
      state: !d.breakerState
        ? ('unknown' as const)
        : d.breakerState() === 'closed'
          ? ('up' as const)
          : d.breakerState() === 'half-open'
            ? ('degraded' as const)
            : ('down' as const),
    })),
  ];
}
