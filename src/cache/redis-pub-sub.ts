import type { Logger } from '../logger';
import type { MessageHandler, PubSub, Unsubscribe } from '../core/ports/pub-sub.port';
import { createSubscriberConnection, closeRedis, type RedisClient } from './redis-connection';
import { viaRedis } from './redis-errors';
import { HandlerSet } from './handler-set';

/**
 * PubSub on Redis. Publishing uses the command connection; receiving uses one extra connection opened on the
 * first subscribe (a subscribed connection runs nothing else), which ioredis resubscribes after a reconnect.
 * ioredis does not prefix channels, so this class does, with the key prefix plus `ps:`; one Redis
 * subscription serves every local handler of a channel.
 */
export class RedisPubSub implements PubSub {
  private subscriber: RedisClient | undefined;
  private readonly handlers: HandlerSet;
  private readonly prefix: string;
  /** SUBSCRIBE commands in flight, so a second local subscriber waits until the channel is live too. */
  private readonly subscribing = new Map<string, Promise<unknown>>();
  private readonly resubscribed = new Set<() => void>();

  constructor(
    private readonly client: RedisClient,
    private readonly logger: Logger,
  ) {
    this.prefix = `${client.options.keyPrefix ?? ''}ps:`;
    this.handlers = new HandlerSet(logger);
  }

  async publish(channel: string, message: string): Promise<void> {
    await viaRedis(this.client, () => this.client.publish(this.prefix + channel, message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const subscriber = this.subscriberConnection();
    const name = this.prefix + channel;
    // Registered before SUBSCRIBE is sent, so a message that arrives with the confirmation is not lost.
    const { registration, first } = this.handlers.add(name, handler);
    try {
      if (first) {
        const subscribed = viaRedis(subscriber, () => subscriber.subscribe(name));
        this.subscribing.set(name, subscribed);
        await subscribed.finally(() => this.subscribing.delete(name));
      } else {
        await this.subscribing.get(name);
      }
    } catch (err) {
      this.handlers.remove(name, registration);
      throw err;
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      if (this.handlers.remove(name, registration))
        await viaRedis(subscriber, () => subscriber.unsubscribe(name));
    };
  }

  onResubscribed(handler: () => void): () => void {
    // Its own function, so the same handler given twice is two registrations and each remover removes one.
    const registration = () => handler();
    this.resubscribed.add(registration);
    return () => void this.resubscribed.delete(registration);
  }

  /** Closes the subscriber connection; the command connection belongs to whoever created it. */
  async close(): Promise<void> {
    this.handlers.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await closeRedis(subscriber);
  }

  private subscriberConnection(): RedisClient {
    if (!this.subscriber) {
      this.subscriber = createSubscriberConnection(this.client, this.logger);
      const subscriber = this.subscriber;
      subscriber.on('message', (channel: string, message: string) => this.handlers.deliver(channel, message));
      let connectedBefore = false;
      subscriber.on('ready', () => {
        if (!connectedBefore) {
          connectedBefore = true;
          return;
        }
        // A reconnect: ioredis has resent SUBSCRIBE for every channel before 'ready' is emitted. PING goes after
        // it on the same connection, so its answer means Redis has taken them; whatever the receivers read
        // from then on is not older than their subscription again.
        void subscriber
          .ping()
          .catch(() => undefined)
          .then(() => this.announceResubscribed());
      });
    }
    return this.subscriber;
  }

  private announceResubscribed(): void {
    this.logger.info(
      { channels: this.handlers.size() },
      'pub/sub subscriptions back after a break; receivers resynchronise',
    );
    for (const handler of [...this.resubscribed]) {
      try {
        handler();
      } catch (err) {
        this.logger.error({ err }, 'pub/sub resubscription handler failed');
      }
    }
  }
}
