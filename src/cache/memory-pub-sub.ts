import type { Logger } from '../logger';
import type { MessageHandler, PubSub, Unsubscribe } from '../core/ports/pub-sub.port';
import { HandlerSet } from './handler-set';

/**
 * The in-process PubSub (no Redis configured): reaches only subscribers in this process. Delivery is deferred
 * to a later tick, as with Redis, so a handler never runs inside `publish`. Instances built on one
 * HandlerSet (`shareWith`) reach each other, which is how tests stand in for several processes.
 */
export class MemoryPubSub implements PubSub {
  private readonly handlers: HandlerSet;

  constructor(logger: Logger, shareWith?: MemoryPubSub) {
    this.handlers = shareWith?.handlers ?? new HandlerSet(logger);
  }

  async publish(channel: string, message: string): Promise<void> {
    setImmediate(() => this.handlers.deliver(channel, message));
  }

  /** In one process nothing breaks the subscription, so `handler` is never called. */
  onResubscribed(handler: () => void): () => void {
    void handler;
    return () => undefined;
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const { registration } = this.handlers.add(channel, handler);
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      this.handlers.remove(channel, registration);
    };
  }
}
