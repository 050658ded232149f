import { Router } from 'express';
import type { DiaryRouteReport } from '../services/diary-route-probes';
import type { Lifecycle } from './lifecycle';

/** A dependency /readyz asks about: PostgreSQL, Redis. A check answers within its own short timeout. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

/** The diaries' route probes as /readyz reads them (src/services/diary-route-probes.ts). */
export interface DiaryReadiness {
  report(waitMs: number): Promise<DiaryRouteReport[]>;
}

const CHECK_TIMEOUT_MS = 2000;
/** /readyz waits this long for a stale diary probe, then answers the last known result. */
const DIARY_WAIT_MS = 1000;

async function withTimeout(check: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A diary's line of /readyz: `ok`, or `degraded` with the reason and (for a configuration fault) the routes. */
function diaryLine(r: DiaryRouteReport) {
  if (r.status === 'misconfigured')
    return { status: 'degraded', reason: 'configuration', missingRoutes: r.missingRoutes };
  if (r.status === 'unreachable') return { status: 'degraded', reason: 'outage' };
  return { status: r.status };
}

/**
 * `/healthz`: the process answers (liveness; never touches a dependency, so a database outage does not get
 * every process restarted). `/readyz`: every dependency answers and the process is not draining.
 * `/metrics` is not here: it has a listener of its own (src/http/metrics-server.ts).
 *
 * A diary instance whose routes are missing or whose server does not answer is reported in the body
 * (`diaries`, and `status: "degraded"`) but leaves the status 200. Why: every gateway process has the same
 * configuration and talks to the same vendor, so taking processes out of the load balancer would not route
 * around the fault; it would only stop ESIA sign-ins and every other diary of every region as well. The
 * fault is raised where someone acts on it: the `DiaryInstanceMisconfigured` alert, the console, the log.
 */
export function healthRoutes(deps: {
  checks: ReadinessCheck[];
  lifecycle: Lifecycle;
  diaries?: DiaryReadiness;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [results, diaries] = await Promise.all([
      Promise.all(
        deps.checks.map(async (c) => [c.name, (await withTimeout(() => c.check())) ? 'up' : 'down'] as const),
      ),
      deps.diaries?.report(DIARY_WAIT_MS).catch(() => []),
    ]);
    const dependencies = Object.fromEntries(results);
    const ready = !deps.lifecycle.draining && results.every(([, state]) => state === 'up');
    const degraded = diaries?.some((d) => d.status === 'misconfigured' || d.status === 'unreachable');
    res.status(ready ? 200 : 503).json({
      status: deps.lifecycle.draining ? 'draining' : !ready ? 'unavailable' : degraded ? 'degraded' : 'ready',
      dependencies,
      ...(diaries ? { diaries: Object.fromEntries(diaries.map((d) => [d.instanceId, diaryLine(d)])) } : {}),
    });
  });
  return router;
}
