import type { Logger } from '../logger';
import type { MessageHandler } from '../core/ports/pub-sub.port';

/** One call to subscribe: its own object, so the same function subscribed twice is two registrations. */
export interface Registration {
  readonly handler: MessageHandler;
}

/** The local handlers of each channel, shared by both PubSub implementations. */
export class HandlerSet {
  private readonly byChannel = new Map<string, Set<Registration>>();

  constructor(private readonly logger: Logger) {}

  /** Registers `handler`; `first` says the channel had none, so the transport must subscribe. */
  add(channel: string, handler: MessageHandler): { registration: Registration; first: boolean } {
    let set = this.byChannel.get(channel);
    const first = !set;
    if (!set) this.byChannel.set(channel, (set = new Set()));
    const registration = { handler };
    set.add(registration);
    return { registration, first };
  }

  /** Drops one registration; true when the channel has no handler left, so the transport may unsubscribe. */
  remove(channel: string, registration: Registration): boolean {
    const set = this.byChannel.get(channel);
    if (!set || !set.delete(registration) || set.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  /** Calls every handler of `channel`; one that throws is logged and does not stop the others. */
  deliver(channel: string, message: string): void {
    for (const { handler } of [...(this.byChannel.get(channel) ?? [])]) {
      try {
        handler(message);
      } catch (err) {
        this.logger.error({ err, channel }, 'pub/sub handler failed');
      }
    }
  }

  /** How many channels have a handler. */
  size(): number {
    return this.byChannel.size;
  }

  clear(): void {
    this.byChannel.clear();
  }
}
