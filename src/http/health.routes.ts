import { Router } from 'express';
import type { Lifecycle } from './lifecycle';

/** A dependency /readyz asks about: PostgreSQL, Redis. A check answers within its own short timeout. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

const CHECK_TIMEOUT_MS = 2000;

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

/**
 * `/healthz`: the process answers (liveness; never touches a dependency, so a database outage does not get
 * every process restarted). `/readyz`: every dependency answers and the process is not draining.
 * `/metrics` is not here: it has a listener of its own (src/http/metrics-server.ts).
 */
export function healthRoutes(deps: { checks: ReadinessCheck[]; lifecycle: Lifecycle }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      deps.checks.map(async (c) => [c.name, (await withTimeout(() => c.check())) ? 'up' : 'down'] as const),
    );
    const dependencies = Object.fromEntries(results);
    const ready = !deps.lifecycle.draining && results.every(([, state]) => state === 'up');
    res.status(ready ? 200 : 503).json({
      status: deps.lifecycle.draining ? 'draining' : ready ? 'ready' : 'unavailable',
      dependencies,
    });
  });
  return router;
}
