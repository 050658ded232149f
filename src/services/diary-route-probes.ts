import { performance } from 'node:perf_hooks';
import { VendorUnavailableError, type DiaryAdapter } from '../../adapters/contract';
import type { Logger } from '../logger';

/**
 * What the last route probe of one diary instance found (issue 22, "no silent failure"):
 * - `ok`: every route the adapter calls is there;
 * - `misconfigured`: the server answered, but without some of those routes (a wrong base URL or API path, an
 *   extension the vendor has not deployed), or refusing the gateway's credential: no retry helps, an operator
 *   must fix the configuration;
 * - `unreachable`: the probe got no usable answer (an outage, which the circuit breaker also sees);
 * - `not_probed`: the adapter cannot probe its routes (probeRoutes is optional while adapters adopt it), or
 *   the first probe has not finished yet.
 */
export type DiaryRouteStatus = 'ok' | 'misconfigured' | 'unreachable' | 'not_probed';

/** One instance's probe result as /readyz, /metrics and the console show it. */
export interface DiaryRouteReport {
  readonly instanceId: string;
  readonly status: DiaryRouteStatus;
  /** The routes the server does not have, as the adapter's README table names them; empty unless misconfigured. */
  readonly missingRoutes: readonly string[];
  /** How many routes were probed (0 when not probed). */
  readonly probedRoutes: number;
  /**
   * Misconfigured before any route could be checked: what the server answered instead (a refused credential or
   * developer key), as the adapter's VendorUnavailableError says it (a path and a status, no personal data).
   */
  readonly refusal?: string;
  /** When the result was found; null when never probed. */
  readonly checkedAt: Date | null;
}

/** How often a result is reused and how long one probe may take. */
export interface DiaryRouteProbeOptions {
  /** A result younger than this is answered from memory: /readyz and each scrape stay cheap. */
  readonly cacheMs: number;
  /** A probe that takes longer reads as unreachable (the adapter's own per-request limit still applies). */
  readonly timeoutMs: number;
  /** Milliseconds, monotonic enough for a cache; tests pass their own. */
  readonly now?: () => number;
}

export const ROUTE_PROBE_DEFAULTS: DiaryRouteProbeOptions = { cacheMs: 30_000, timeoutMs: 4000 };

interface ProbedInstance {
  readonly id: string;
  readonly adapter: Pick<DiaryAdapter, 'probeRoutes'>;
}

/**
 * Asks each diary instance's adapter whether the vendor's server has every route it calls (probeRoutes), at
 * start and when /readyz, /metrics or the console ask, at most once per `cacheMs` per instance. Each change of
 * an instance's status is logged once: which routes are missing, or that the server did not answer.
 */
export class DiaryRouteProbes {
  private readonly results = new Map<string, DiaryRouteReport>();
  private readonly inFlight = new Map<string, Promise<DiaryRouteReport>>();
  private readonly now: () => number;
  private readonly checkedAtMs = new Map<string, number>();

  constructor(
    private readonly diaries: { all(): readonly ProbedInstance[] },
    private readonly logger: Logger,
    private readonly options: DiaryRouteProbeOptions = ROUTE_PROBE_DEFAULTS,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Probes every instance, waiting at most `waitMs` (the start is never held up longer by a slow vendor): what
   * has not answered by then goes on in the background and is logged when it does.
   */
  async start(waitMs: number): Promise<void> {
    await this.report(waitMs);
  }

  /**
   * Every instance's result, refreshing stale ones. A refresh that takes longer than `waitMs` goes on in the
   * background and the last known result (or `not_probed`) is answered meanwhile.
   */
  async report(waitMs: number): Promise<DiaryRouteReport[]> {
    const instances = this.diaries.all();
    const refreshes = instances.map((d) => this.refresh(d));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(refreshes),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs).unref())),
    ]);
    clearTimeout(timer);
    return instances.map((d) => this.results.get(d.id) ?? notProbed(d.id));
  }

  private refresh(instance: ProbedInstance): Promise<DiaryRouteReport> {
    const known = this.results.get(instance.id);
    const at = this.checkedAtMs.get(instance.id);
    if (known && at !== undefined && this.now() - at < this.options.cacheMs) return Promise.resolve(known);
    const running = this.inFlight.get(instance.id);
    if (running) return running;
    const probe = this.probe(instance)
      .then((result) => {
        this.noteChange(this.results.get(instance.id), result);
        this.results.set(instance.id, result);
        this.checkedAtMs.set(instance.id, this.now());
        return result;
      })
      .finally(() => this.inFlight.delete(instance.id));
    this.inFlight.set(instance.id, probe);
    return probe;
  }

  private async probe(instance: ProbedInstance): Promise<DiaryRouteReport> {
    const checkedAt = new Date();
    if (!instance.adapter.probeRoutes) return notProbed(instance.id);
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        instance.adapter.probeRoutes(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new VendorUnavailableError(instance.id, 'route probe: no answer in time')),
            this.options.timeoutMs,
          );
          timer.unref();
        }),
      ]);
      const missingRoutes = found.routes.filter((r) => !r.present).map((r) => r.route);
      return {
        instanceId: instance.id,
        status: missingRoutes.length ? 'misconfigured' : 'ok',
        missingRoutes,
        probedRoutes: found.routes.length,
        checkedAt,
      };
    } catch (err) {
      // The server answered, refusing what only the operator can change (every adapter reads a refused
      // credential as a configuration fault): misconfigured, so the alert and the console say so.
      if (err instanceof VendorUnavailableError && err.fault === 'configuration')
        return {
          instanceId: instance.id,
          status: 'misconfigured',
          missingRoutes: [],
          probedRoutes: 0,
          refusal: err.message,
          checkedAt,
        };
      // A probe that throws anything else is no proof the routes are there; the reason is logged, not shown.
      this.logger.debug({ err, instance: instance.id }, 'diary route probe failed');
      return {
        instanceId: instance.id,
        status: 'unreachable',
        missingRoutes: [],
        probedRoutes: 0,
        checkedAt,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One log line per change of status (not per probe), so /readyz every few seconds does not flood the log. */
  private noteChange(before: DiaryRouteReport | undefined, after: DiaryRouteReport): void {
    const same =
      before?.status === after.status &&
      before.refusal === after.refusal &&
      before.missingRoutes.join('\n') === after.missingRoutes.join('\n');
    if (same) return;
    const instance = after.instanceId;
    if (after.refusal)
      this.logger.error(
        { instance, refusal: after.refusal },
        `diary instance ${instance} is misconfigured: its server refuses the gateway (${after.refusal}); ` +
          'every call fails until the credential (or developer key) in the configuration is fixed',
      );
    else if (after.status === 'misconfigured')
      this.logger.error(
        { instance, missingRoutes: after.missingRoutes, probedRoutes: after.probedRoutes },
        `diary instance ${instance} is misconfigured: its server lacks ${after.missingRoutes.length} of ` +
          `${after.probedRoutes} routes the adapter calls (${after.missingRoutes.join(', ')}); ` +
          'every call to them fails until the base URL or API path is fixed or the vendor deploys them',
      );
    else if (after.status === 'unreachable')
      this.logger.warn({ instance }, `diary instance ${instance}: route probe got no answer`);
    else if (after.status === 'ok')
      this.logger.info(
        { instance, probedRoutes: after.probedRoutes },
        `diary instance ${instance}: all ${after.probedRoutes} routes present`,
      );
  }
}

function notProbed(instanceId: string): DiaryRouteReport {
  return { instanceId, status: 'not_probed', missingRoutes: [], probedRoutes: 0, checkedAt: null };
}
