/** Stops one subscription; calling it again does nothing. */
export type Unsubscribe = () => Promise<void>;

/** Receives one message; a handler that throws is logged and does not stop the others. */
export type MessageHandler = (message: string) => void;

/**
 * Best-effort broadcast between gateway processes (policy-cache invalidation). At-most-once: a message sent
 * while a process is disconnected is lost, so every receiver must also converge on its own (a maximum age).
 * No order between messages is promised: one Redis keeps a channel's order, a Redis Cluster does not (a
 * PUBLISH enters at any node and crosses the cluster bus), so a receiver never reads a message as a change
 * relative to the one before; every receiver here re-reads or drops what the message names.
 * Messages are strings; callers encode JSON themselves.
 */
export interface PubSub {
  /** Sends `message` to every current subscriber of `channel`, in every process. */
  publish(channel: string, message: string): Promise<void>;

  /** Calls `handler` for every later message on `channel`; resolves once the subscription is active. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;

  /**
   * Calls `handler` each time this process's subscriptions are live again after a break (a lost connection, a
   * Redis failover). What was published during the break never arrives, so a receiver that keeps state
   * resynchronises here rather than serving it stale until its maximum age. Returns the function that removes
   * `handler`.
   */
  onResubscribed(handler: () => void): () => void;
}
