import { Store, type SessionData } from 'express-session';
import { systemClock, type Clock } from '../core/clock';
import type { SessionStorage } from '../core/ports/session-storage.port';

/** How long sessions live and how big they may grow. */
export interface SessionStoreOptions {
  /** Lifetime of a session whose cookie has no expiry (a browser-session cookie): the idle timeout. */
  readonly idleSeconds: number;
  /** A session larger than this is refused: it should hold ids and flags, never tokens or personal data. */
  readonly maxRecordBytes?: number;
  /** The clock cookie expiries are read on: express-session writes them with the real one. Tests only. */
  readonly clock?: Clock;
}

const DEFAULT_MAX_RECORD_BYTES = 8 * 1024;

type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * The express-session Store of the gateway, over any SessionStorage (Redis, or in-process for the demo), so
 * both behave alike. Sessions are JSON; each lives until its cookie expires (express-session moves that on
 * every request, so with `rolling: true` it is the idle timeout), or `idleSeconds` when the cookie has no
 * expiry. Storage failures reach the callback, never a throw.
 */
export class GatewaySessionStore extends Store {
  private readonly idleSeconds: number;
  private readonly maxRecordBytes: number;
  private readonly clock: Clock;
  /**
   * What each session object was last written as, by this process. A handler saves a session before it
   * redirects (so the browser never follows the redirect to a session not yet stored: express-session itself
   * saves only once the headers are out, expressjs/session#360); express-session then saves it again as the
   * response ends, always so after a rotation, whose new id it counts as unsaved. Keyed by the request's
   * session object, so that second write is skipped only when nothing but the cookie's expiry changed since.
   */
  private readonly written = new WeakMap<object, string>();

  constructor(
    private readonly storage: SessionStorage,
    options: SessionStoreOptions,
  ) {
    super();
    this.idleSeconds = options.idleSeconds;
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.clock = options.clock ?? systemClock;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    settle(
      this.storage.get(sid).then((record) => (record === null ? null : (JSON.parse(record) as SessionData))),
      callback as Callback<SessionData | null>,
    );
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    settle(this.save(sid, session), callback);
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    const ttl = this.ttlSeconds(session);
    settle(
      ttl > 0 ? this.storage.touch(sid, ttl).then(() => undefined) : this.storage.destroy(sid),
      callback,
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    settle(this.storage.destroy(sid), callback);
  }

  private async save(sid: string, session: SessionData): Promise<void> {
    const ttl = this.ttlSeconds(session);
    if (ttl <= 0) return this.storage.destroy(sid);
    const record = JSON.stringify(session);
    const bytes = Buffer.byteLength(record);
    if (bytes > this.maxRecordBytes) {
      throw new Error(`session of ${bytes} bytes exceeds the ${this.maxRecordBytes}-byte limit`);
    }
    const content = contentOf(sid, session);
    if (this.written.get(session) === content) return;
    await this.storage.set(sid, record, ttl);
    this.written.set(session, content);
  }

  /** Seconds the session has left: from its cookie's expiry, else the idle timeout. */
  private ttlSeconds(session: SessionData): number {
    const expires = session.cookie?.expires;
    if (!expires) return this.idleSeconds;
    return (new Date(expires).getTime() - this.clock.now().getTime()) / 1000;
  }
}

/**
 * A session as written, less its cookie's expiry: express-session moves that forward as every response ends
 * (rolling sessions), so a session saved a few milliseconds earlier in the same request differs from the one
 * it saves then only there. Skipping that write leaves the stored record expiring those milliseconds sooner.
 */
function contentOf(sid: string, session: SessionData): string {
  const { cookie, ...data } = session;
  const settings = (cookie as { toJSON?: () => object } | undefined)?.toJSON?.() ?? cookie;
  return `${sid}\u0000${JSON.stringify(data)}\u0000${JSON.stringify({ ...settings, expires: undefined })}`;
}

// The callback runs outside the promise chain, so an exception thrown by it is not mistaken for a store error.
function settle<T>(work: Promise<T>, callback: Callback<T> | undefined): void {
  work.then(
    (value) => callback && process.nextTick(() => callback(null, value)),
    (err: unknown) => callback && process.nextTick(() => callback(err)),
  );
}
