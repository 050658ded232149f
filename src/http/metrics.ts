import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Pool figures a store reports for the gauges. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The process's Prometheus registry: request histograms, pool gauges and Node's defaults. */
export interface Metrics {
  registry: Registry;
  observeRequests(): (req: Request, res: Response, next: NextFunction) => void;
  /** Counters other modules add to (decisions, sign-ins) register here too. */
  counter(name: string, help: string, labelNames: string[]): Counter<string>;
  /** A gauge read at each scrape: `read` gives its values by label set (the alerts and dashboard read them). */
  gauge(
    name: string,
    help: string,
    labelNames: string[],
    read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>,
  ): void;
}

/** One registry per app instance, so that tests can build several apps in one process. */
export function createMetrics(options: {
  poolStats?: () => PoolStats | undefined;
  defaults?: boolean;
}): Metrics {
  const registry = new Registry();
  // The event-loop lag is sampled every 100 ms, not prom-client's default 10 ms: each sample wakes an idle
  // process, and a hundred wake-ups a second cost an idle gateway ≈ 6 ms of CPU per second on a busy 2-core
  // machine (issue 11, item 3). Ten samples a second still give the p99 EventLoopBlocked reads (> 0.5 s): a
  // loop blocked that long delays a whole sample either way, and fewer idle samples dilute it less.
  if (options.defaults !== false)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const key of ['total', 'idle', 'waiting'] as const) {
    new Gauge({
      name: `db_pool_${key}_connections`,
      help: `PostgreSQL pool: ${key} connections`,
      registers: [registry],
      collect() {
        const stats = options.poolStats?.();
        if (stats) this.set(stats[key]);
      },
    });
  }
  const counters = new Map<string, Counter<string>>();
  return {
    registry,
    observeRequests: () => (req, res, next) => {
      const end = duration.startTimer();
      res.on('finish', () => {
        // The matched route pattern, never the raw path: ids in paths would explode the label set.
        // The lean vendor path (no router) names its route itself.
        const route =
          (res.locals['route'] as string | undefined) ??
          (req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched');
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
    gauge(name, help, labelNames, read) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          for (const { labels, value } of await read()) this.set(labels, value);
        },
      });
    },
    counter(name, help, labelNames) {
      let c = counters.get(name);
      if (!c) {
        c = new Counter({ name, help, labelNames, registers: [registry] });
        counters.set(name, c);
      }
      return c;
    },
  };
}
