import type { DiaryDirectory } from './diary-directory';
import type { DiaryRouteReport } from './diary-route-probes';

/** The health of one dependency as the console shows it. */
export interface DependencyHealth {
  /** The diary instance's id, or null for ESIA. */
  readonly instanceId: string | null;
  readonly tenantId: string | null;
  readonly name: string;
  /**
   * `misconfigured`: the diary's server answers but lacks routes its adapter calls, or refuses the gateway's
   * credential (a configuration fault: an operator must act, waiting does not help); `down`/`degraded`: its circuit breaker is open/half-open (it
   * does not answer).
   */
  readonly state: 'up' | 'degraded' | 'down' | 'misconfigured' | 'unknown';
  /** For `misconfigured` by missing routes: how many of the routes the adapter calls are missing, of how many. */
  readonly missingRoutes?: { readonly missing: number; readonly of: number };
}

/** Answers the health of ESIA and of every diary (the console's overview and region page). */
export type HealthReport = () => Promise<DependencyHealth[]>;

/** How /readyz's route probes answer for the console (src/services/diary-route-probes.ts). */
export interface RouteReports {
  report(waitMs: number): Promise<DiaryRouteReport[]>;
}

/** The console waits this long for a stale route probe, then shows the last known result. */
const ROUTES_WAIT_MS = 500;

/**
 * ESIA has no circuit breaker: its health is whether its address answers HTTP at all (any status) within
 * `timeoutMs`, asked at most every `cacheMs`. Each diary's health is its circuit breaker in this process:
 * closed is up, half-open (one probe allowed) degraded, open down; but a diary whose route probe found routes
 * missing is `misconfigured` whatever its breaker says, since that fault needs a person, not patience.
 */
export function dependencyHealth(input: {
  esiaBaseUrl: string;
  diaries?: Pick<DiaryDirectory, 'all'>;
  routes?: RouteReports;
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
  return async () => {
    const [esiaState, routes] = await Promise.all([
      probeEsia(),
      input.routes?.report(ROUTES_WAIT_MS).catch(() => []) ?? [],
    ]);
    const byInstance = new Map(routes.map((r) => [r.instanceId, r]));
    return [
      { instanceId: null, tenantId: null, name: 'Госуслуги (ЕСИА)', state: esiaState },
      ...(input.diaries?.all() ?? []).map((d): DependencyHealth => {
        const probe = byInstance.get(d.id);
        const base = { instanceId: d.id, tenantId: d.tenantId, name: d.displayName };
        // A refused credential is misconfigured with no route missing: the state says so, the routes not.
        if (probe?.status === 'misconfigured')
          return {
            ...base,
            state: 'misconfigured',
            ...(probe.missingRoutes.length
              ? { missingRoutes: { missing: probe.missingRoutes.length, of: probe.probedRoutes } }
              : {}),
          };
        return { ...base, state: breakerHealth(d.breakerState) };
      }),
    ];
  };
}

function breakerHealth(state: (() => string) | undefined): DependencyHealth['state'] {
  if (!state) return 'unknown';
  const now = state();
  return now === 'closed' ? 'up' : now === 'half-open' ? 'degraded' : 'down';
}
