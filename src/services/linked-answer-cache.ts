import { performance } from 'node:perf_hooks';
import type { PubSub, Unsubscribe } from '../core/ports/pub-sub.port';
import type { Logger } from '../logger';

/** The pub/sub channel of link changes; the message is `[instanceId, userId]` as JSON. */
export const LINK_CHANNEL = 'link-changed';

/** A diary account whose link was written or revoked. */
export interface LinkChange {
  readonly instanceId: string;
  readonly userId: string;
}

export interface LinkedAnswerCacheDeps {
  /** The database's answer (the indexed query of src/store/link-status.query.ts). */
  readonly lookup: (instanceId: string, userId: string) => Promise<boolean>;
  readonly pubsub: PubSub;
  readonly logger: Logger;
  /** Most answers kept; past it the oldest is evicted first. */
  readonly maxEntries: number;
  /**
   * Longest an answer is served without asking the database again: the bound when an invalidation message is
   * lost (pub/sub is at-most-once) or Redis is down. The same bound as the policy cache's.
   */
  readonly maxAgeMs: number;
  /** Counts evictions (for /metrics); nothing when absent. */
  readonly onEvict?: () => void;
  /** Milliseconds on a monotonic clock; tests move it. */
  readonly now?: () => number;
}

interface Answer {
  readonly linked: boolean;
  readonly at: number;
}

const keyOf = (instanceId: string, userId: string) => `${instanceId}\u0000${userId}`;

/**
 * Most answers past maxAgeMs dropped for each one kept. All at once, the first answer of a quiet moment after a
 * burst dropped every answer of the burst: 38 000 after 5 s at 7 700 decisions/s, a 6–10 ms stall of the event
 * loop (issue 11). A few per answer still outpace any rate at which answers come, so the map shrinks back within
 * moments, and an answer past maxAgeMs is never served meanwhile (isLinked checks its age).
 */
export const EXPIRED_DROPPED_PER_KEEP = 64;

/**
 * The `linked` answer of the password decision, kept per process (issue 11): the decision's one database query
 * otherwise. Every link written or revoked is announced on LINK_CHANNEL (`announce`, called by whoever wrote it
 * after the commit) and every process drops that account's answer when the message arrives, so a revoked link
 * stops being answered as linked within the pub/sub delay; a lost message is bounded by `maxAgeMs`. Until the
 * subscription is live nothing is kept (there would be nothing to invalidate it). A lookup that was running
 * when any invalidation arrived is answered but not kept: it may have read the row before the commit.
 */
export class LinkedAnswerCache {
  private readonly answers = new Map<string, Answer>();
  /** Bumped by every invalidation: a lookup that started under another epoch is not kept. */
  private epoch = 0;
  private unsubscribe: Unsubscribe | undefined;
  private stopResync: (() => void) | undefined;
  private readonly now: () => number;
  private invalidations = 0;

  constructor(private readonly deps: LinkedAnswerCacheDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** Subscribes; a failure is logged and the cache stays a pass-through until `start` is called again. */
  async start(): Promise<void> {
    if (this.unsubscribe) return;
    try {
      this.unsubscribe = await this.deps.pubsub.subscribe(LINK_CHANNEL, (message) => this.onMessage(message));
      // Changes announced while the subscription was broken never arrive: every answer kept may be stale.
      this.stopResync = this.deps.pubsub.onResubscribed(() => this.clear());
    } catch (err) {
      this.deps.logger.warn({ err }, 'linked answers: not subscribed; every decision asks the database');
    }
  }

  async stop(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    this.stopResync?.();
    this.stopResync = undefined;
    this.clear();
    await unsubscribe?.().catch(() => undefined);
  }

  /** Whether the account has an active link: from memory when known and young enough, else the database. */
  readonly isLinked = async (instanceId: string, userId: string): Promise<boolean> => {
    if (!this.unsubscribe) return this.deps.lookup(instanceId, userId);
    const key = keyOf(instanceId, userId);
    const known = this.answers.get(key);
    if (known && this.now() - known.at <= this.deps.maxAgeMs) return known.linked;
    const epoch = this.epoch;
    const at = this.now();
    const linked = await this.deps.lookup(instanceId, userId);
    // Not kept after `stop` either (stop bumps the epoch).
    if (epoch === this.epoch) this.keep(key, { linked, at });
    return linked;
  };

  /**
   * Tells every process (this one at once) that an account's link changed. Never fails the write that was
   * committed: an unsent message is logged, and the others converge within `maxAgeMs`.
   */
  async announce(change: LinkChange): Promise<void> {
    this.invalidate(keyOf(change.instanceId, change.userId));
    await this.deps.pubsub
      .publish(LINK_CHANNEL, JSON.stringify([change.instanceId, change.userId]))
      .catch((err) =>
        this.deps.logger.warn({ err }, 'link change not broadcast; others converge by max age'),
      );
  }

  /** How many answers are kept, and how many invalidations arrived (for tests and the bench). */
  stats(): { size: number; invalidations: number } {
    return { size: this.answers.size, invalidations: this.invalidations };
  }

  private keep(key: string, answer: Answer): void {
    // Re-inserted, so that the Map's order stays the order of reading: the first entry is the oldest.
    this.answers.delete(key);
    // Answers past maxAgeMs are never served again: dropped from the oldest end as new ones come, so the map
    // holds about maxAgeMs of decisions instead of filling to maxEntries with dead ones (issue 11: the soak's
    // heap grew for four minutes until 100 000 answers were kept, most of them expired). Not evictions.
    let droppable = EXPIRED_DROPPED_PER_KEEP;
    for (const [oldKey, old] of this.answers) {
      if (answer.at - old.at <= this.deps.maxAgeMs || droppable-- === 0) break;
      this.answers.delete(oldKey);
    }
    while (this.answers.size >= this.deps.maxEntries) {
      const oldest = this.answers.keys().next();
      if (oldest.done) break;
      this.answers.delete(oldest.value);
      this.deps.onEvict?.();
    }
    this.answers.set(key, answer);
  }

  private onMessage(message: string): void {
    let change: unknown;
    try {
      change = JSON.parse(message);
    } catch {
      change = undefined;
    }
    if (Array.isArray(change) && typeof change[0] === 'string' && typeof change[1] === 'string') {
      this.invalidate(keyOf(change[0], change[1]));
    } else {
      // Not ours to read: forget everything rather than keep an answer it may have been about.
      this.deps.logger.warn('linked answers: unreadable link change message; every answer dropped');
      this.clear();
    }
  }

  private invalidate(key: string): void {
    this.epoch++;
    this.invalidations++;
    this.answers.delete(key);
  }

  private clear(): void {
    this.epoch++;
    this.answers.clear();
  }
}
