import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/clock';
import type { BypassWindow, CutoverPolicy, Exemption } from '../core/policy';
import type { PubSub, Unsubscribe } from '../core/ports/pub-sub.port';
import type { Logger } from '../logger';
import type { StoredPolicy } from '../store/policies.repository';
import type { PolicySnapshot } from '../store/policy-snapshot.repository';
import { toCutoverPolicy } from '../core/policy-settings';

/** The pub/sub channel every process listens on; the message is the changed region's id. */
export const POLICY_CHANNEL = 'policy-changed';

/** What a decision about one diary instance needs, resolved from the snapshot. */
export interface InstanceScope {
  readonly tenant: { id: string; name: string; timeZone: string };
  readonly instance: PolicySnapshot['instances'][number];
  /** The instance's own policy when it has one, else the region's; null: no policy (password login as ever). */
  readonly stored: StoredPolicy | null;
  readonly policy: CutoverPolicy | null;
}

export interface PolicyCacheDeps {
  readonly load: (now: Date) => Promise<PolicySnapshot>;
  readonly pubsub: PubSub;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Longest a process serves a snapshot without reloading: the bound when a message is lost or Redis is down. */
  readonly maxAgeMs: number;
}

/**
 * Policies in memory (DESIGN §5.7): PostgreSQL is the source of truth; a change is announced on POLICY_CHANNEL
 * and every process reloads at once; a timer reloads at half the maximum age, and a read of an older snapshot
 * waits for a reload, so a lost message or a Redis outage still converges within `maxAgeMs`.
 */
export class PolicyCache {
  private snapshot:
    { data: PolicySnapshot; loadedAt: number; exemptions: Map<string, Exemption[]> } | undefined;
  private loading: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;
  private stopResync: (() => void) | undefined;

  constructor(private readonly deps: PolicyCacheDeps) {}

  /** Loads the first snapshot, subscribes, and starts the refresh timer. */
  async start(): Promise<void> {
    await this.reload();
    await this.trySubscribe();
    this.timer = setInterval(
      () => {
        void this.reload().catch((err) => this.deps.logger.warn({ err }, 'policy cache: reload failed'));
        if (!this.unsubscribe) void this.trySubscribe();
      },
      Math.max(50, this.deps.maxAgeMs / 2),
    );
    this.timer.unref();
  }

  /** Stops the timer and the subscription. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopResync?.();
    await this.unsubscribe?.().catch(() => undefined);
  }

  /** Tells every process (this one first) that a region's policy changed. Never fails the change itself. */
  async announce(tenantId: string): Promise<void> {
    await this.reload().catch((err) => this.deps.logger.warn({ err }, 'policy cache: reload failed'));
    await this.deps.pubsub
      .publish(POLICY_CHANNEL, tenantId)
      .catch((err) =>
        this.deps.logger.warn({ err }, 'policy change not broadcast; others converge by max age'),
      );
  }

  /** The scope of a diary instance, or null when it is unknown or switched off. */
  async instanceScope(instanceId: string): Promise<InstanceScope | null> {
    const { data } = await this.fresh();
    const instance = data.instances.find((i) => i.id === instanceId);
    const tenant = instance && data.tenants.find((t) => t.id === instance.tenantId);
    if (!instance || !tenant) return null;
    const stored =
      data.policies.find((p) => p.instanceId === instanceId) ??
      data.policies.find((p) => p.tenantId === tenant.id && p.instanceId === null) ??
      null;
    const windows: BypassWindow[] = data.bypasses.filter(
      (b) => b.tenantId === tenant.id && (b.instanceId === null || b.instanceId === instanceId),
    );
    const policy = stored ? toCutoverPolicy(stored, windows).policy : null;
    return { tenant, instance, stored, policy };
  }

  /** The exemptions of one diary account held in the snapshot (active when loaded). */
  async exemptionsOf(instanceId: string, userId: string): Promise<Exemption[]> {
    return (await this.fresh()).exemptions.get(`${instanceId}\u0000${userId}`) ?? [];
  }

  private async fresh() {
    const s = this.snapshot;
    if (s && performance.now() - s.loadedAt <= this.deps.maxAgeMs) return s;
    await this.reload();
    return this.snapshot!;
  }

  /** One load at a time; a request during a load gets one more load after it (the first may predate a commit). */
  private reload(): Promise<void> {
    if (this.loading) {
      this.next ??= this.loading
        .catch(() => undefined)
        .then(() => {
          this.next = undefined;
          return this.reload();
        });
      return this.next;
    }
    const started = performance.now();
    this.loading = this.deps
      .load(this.deps.clock.now())
      .then((data) => {
        const exemptions = new Map<string, Exemption[]>();
        for (const e of data.exemptions) {
          const key = `${e.instanceId}\u0000${e.legacyUserId}`;
          exemptions.set(key, [...(exemptions.get(key) ?? []), { reason: e.reason, expiresAt: e.expiresAt }]);
        }
        this.snapshot = { data, loadedAt: started, exemptions };
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private async trySubscribe(): Promise<void> {
    try {
      const reload = () =>
        void this.reload().catch((err) => this.deps.logger.warn({ err }, 'policy cache: reload failed'));
      this.unsubscribe = await this.deps.pubsub.subscribe(POLICY_CHANNEL, reload);
      // A change announced while the subscription was broken never arrives: read the policies again now.
      this.stopResync = this.deps.pubsub.onResubscribed(reload);
    } catch (err) {
      this.deps.logger.warn({ err }, 'policy cache: not subscribed yet; relying on max age');
    }
  }
}
