import { performance } from 'node:perf_hooks';
import { VendorUnavailableError, type DiaryAdapter } from '../../adapters/contract';
import type { Logger } from '../logger';

/** When a breaker opens and how long it stays open before letting one probe through. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit fails fast before a single probe is allowed (half-open). */
  readonly openMs: number;
  /** Monotonic milliseconds; operational time, not the business clock that tests move. */
  readonly now?: () => number;
}

export const BREAKER_DEFAULTS: CircuitBreakerOptions = { failureThreshold: 5, openMs: 30_000 };

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker for one vendor: after `failureThreshold` consecutive failures that mean "broken"
 * (VendorUnavailableError of fault 'outage'; a refusal or a configuration fault is an answer and never counts), calls fail at once for `openMs` instead
 * of each waiting for the vendor's timeout; then one probe goes through: its success closes the circuit, its
 * failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';
  private readonly now: () => number;

  constructor(
    private readonly vendor: string,
    private readonly options: CircuitBreakerOptions = BREAKER_DEFAULTS,
    private readonly logger?: Logger,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) return 'half-open';
    return this.current;
  }

  /** Runs `work` unless the circuit is open (then VendorUnavailableError at once). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.probing))
      throw new VendorUnavailableError(this.vendor, 'circuit open: failing fast');
    const probe = state === 'half-open';
    if (probe) this.probing = true;
    try {
      const result = await work();
      this.succeeded();
      return result;
    } catch (err) {
      // A configuration fault (a route the server does not have) is an answer, not an outage: failing fast
      // would save nothing, and an open breaker would show the diary as «не отвечает» in the console and hide
      // the fault the route probe reports as «ошибка настройки».
      if (err instanceof VendorUnavailableError && err.fault === 'outage') this.failed(probe);
      else if (probe) this.succeeded(); // the vendor answered: a refusal or our mistake, not an outage
      throw err;
    } finally {
      if (probe) this.probing = false;
    }
  }

  private succeeded(): void {
    if (this.current !== 'closed') this.logger?.info({ vendor: this.vendor }, 'vendor circuit closed');
    this.current = 'closed';
    this.failures = 0;
  }

  private failed(probe: boolean): void {
    this.failures++;
    if (probe || this.failures >= this.options.failureThreshold) {
      if (this.current !== 'open' || probe)
        this.logger?.warn({ vendor: this.vendor, failures: this.failures }, 'vendor circuit open');
      this.current = 'open';
      this.openedAt = this.now();
    }
  }
}

/** The same adapter with every call to the vendor passed through `breaker`. */
export function withCircuitBreaker(adapter: DiaryAdapter, breaker: CircuitBreaker): DiaryAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        breaker.run(() => Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)));
    },
  });
}
