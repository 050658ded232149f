import { randomUUID } from 'node:crypto';
import type { SessionData, Store } from 'express-session';
import { FixedClock, systemClock, type Clock } from '../../src/core/clock';
import type { PubSub } from '../../src/core/ports/pub-sub.port';
import type { RateLimiter } from '../../src/core/ports/rate-limiter.port';
import type { SessionStorage } from '../../src/core/ports/session-storage.port';
import type { SharedStoreScan } from '../../src/core/ports/shared-store-scan.port';
import type { StateStore } from '../../src/core/ports/state-store.port';

/**
 * The one suite every cache implementation passes (keyv-style): a factory in, every behaviour checked.
 * Redis and the in-process stores call the same functions; only the way time passes differs.
 */

/** How time passes for the store under test: the real clock and real waiting, or a clock moved by hand. */
export interface TimeControl {
  readonly clock: Clock;
  elapse(ms: number): Promise<void>;
}

/** Real time: for Redis, whose keys expire on Redis's own clock. */
export const realTime: TimeControl = {
  clock: systemClock,
  elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A hand-moved clock starting now: for the in-process stores, so expiry tests do not sleep. */
export function manualTime(): TimeControl & { clock: FixedClock } {
  const clock = new FixedClock(new Date());
  return { clock, elapse: async (ms) => clock.advance(ms) };
}

/** What a factory gives the suite: the thing under test, its time, and how to release it. */
export interface Subject<T> {
  readonly subject: T;
  readonly time: TimeControl;
  close?(): Promise<void>;
}

/** Two PubSub instances that stand for two gateway processes on one broker. */
export interface PubSubPair {
  readonly a: PubSub;
  readonly b: PubSub;
}

type Factory<T, A extends unknown[] = []> = (...args: A) => Promise<Subject<T>>;

/** A key nobody else uses, so suites may share one Redis. */
export const uniqueKey = (label: string): string => `${label}:${randomUUID()}`;

/** Runs `body` with a fresh subject and always releases it. */
async function withSubject<T, A extends unknown[]>(
  factory: Factory<T, A>,
  args: A,
  body: (subject: T, time: TimeControl) => Promise<void>,
): Promise<void> {
  const s = await factory(...args);
  try {
    await body(s.subject, s.time);
  } finally {
    await s.close?.();
  }
}

/** The StateStore contract: single use, atomic take, lifetimes, replay refusal. */
export function describeStateStoreContract(name: string, makeStore: Factory<StateStore>): void {
  const test = (title: string, body: (store: StateStore, time: TimeControl) => Promise<void>) =>
    it(title, () => withSubject(makeStore, [], body));

  describe(`StateStore contract: ${name}`, () => {
    test('a value put can be taken once; a second take gets null', async (store) => {
      const key = uniqueKey('state');
      await store.put(key, 'v1', 60);
      expect(await store.take(key)).toBe('v1');
      expect(await store.take(key)).toBeNull();
    });

    test('get reads a value as often as asked without taking it; delete removes it', async (store) => {
      const key = uniqueKey('read');
      expect(await store.get(key)).toBeNull();
      await store.put(key, 'session', 60);
      expect(await store.get(key)).toBe('session');
      expect(await store.get(key)).toBe('session');
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      expect(await store.take(key)).toBeNull();
      await store.delete(key);
    });

    test('get sees a value only for its TTL', async (store, time) => {
      const key = uniqueKey('read-ttl');
      await store.put(key, 'v', 1);
      await time.elapse(400);
      expect(await store.get(key)).toBe('v');
      await time.elapse(800);
      expect(await store.get(key)).toBeNull();
    });

    test('taking a key that was never put gets null', async (store) => {
      expect(await store.take(uniqueKey('missing'))).toBeNull();
    });

    test('values come back byte for byte (JSON, Cyrillic, empty)', async (store) => {
      const json = JSON.stringify({ purpose: 'link', sid: 'abc', note: 'Привязать учетную запись' });
      for (const value of [json, '', ' spaced ']) {
        const key = uniqueKey('roundtrip');
        await store.put(key, value, 60);
        expect(await store.take(key)).toBe(value);
      }
    });

    test('put replaces an earlier value under the same key', async (store) => {
      const key = uniqueKey('replace');
      await store.put(key, 'old', 60);
      await store.put(key, 'new', 60);
      expect(await store.take(key)).toBe('new');
    });

    test('of 50 concurrent takers exactly one gets the value', async (store) => {
      const key = uniqueKey('race');
      await store.put(key, 'only-once', 60);
      const results = await Promise.all(Array.from({ length: 50 }, () => store.take(key)));
      expect(results.filter((r) => r === 'only-once')).toHaveLength(1);
      expect(results.filter((r) => r === null)).toHaveLength(49);
    });

    test('a value lives for its TTL and is gone after it', async (store, time) => {
      const early = uniqueKey('ttl-early');
      const late = uniqueKey('ttl-late');
      await store.put(early, 'v', 1);
      await store.put(late, 'v', 1);
      await time.elapse(400);
      expect(await store.take(early)).toBe('v');
      await time.elapse(800);
      expect(await store.take(late)).toBeNull();
    });

    test('putIfAbsent is true the first time and false for a replay, until the TTL ends', async (store, time) => {
      const key = uniqueKey('nonce');
      expect(await store.putIfAbsent(key, 1)).toBe(true);
      expect(await store.putIfAbsent(key, 1)).toBe(false);
      await time.elapse(1200);
      expect(await store.putIfAbsent(key, 1)).toBe(true);
    });

    test('putIfAbsent keeps the value it is given (else 1), and a replay does not replace it', async (store) => {
      const key = uniqueKey('mark');
      expect(await store.putIfAbsent(key, 60, '1796690000')).toBe(true);
      expect(await store.putIfAbsent(key, 60, '1796699999')).toBe(false);
      expect(await store.get(key)).toBe('1796690000');
      const plain = uniqueKey('mark');
      await store.putIfAbsent(plain, 60);
      expect(await store.get(plain)).toBe('1');
    });

    test('of 50 concurrent putIfAbsent calls exactly one is first', async (store) => {
      const key = uniqueKey('nonce-race');
      const results = await Promise.all(Array.from({ length: 50 }, () => store.putIfAbsent(key, 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    test('putIfAbsent never overwrites a value that is there', async (store) => {
      const key = uniqueKey('keep');
      await store.put(key, 'ticket', 60);
      expect(await store.putIfAbsent(key, 60)).toBe(false);
      expect(await store.take(key)).toBe('ticket');
    });

    test('a lifetime that is not a positive number is refused', async (store) => {
      for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.put(uniqueKey('bad'), 'v', ttl)).rejects.toThrow(RangeError);
        await expect(store.putIfAbsent(uniqueKey('bad'), ttl)).rejects.toThrow(RangeError);
      }
    });
  });
}

/** A RateLimiter and the StateStore of the same cache, whose one-time values `hitOnce` shares. */
export interface LimiterSubject {
  readonly limiter: RateLimiter;
  readonly stateStore: StateStore;
}

/**
 * The RateLimiter contract: exact counting under concurrency, window reset, independent keys, and `hitOnce`
 * counting only the first use of a one-time value.
 */
export function describeRateLimiterContract(name: string, makeLimiter: Factory<LimiterSubject>): void {
  const test = (title: string, body: (limiter: RateLimiter, time: TimeControl) => Promise<void>) =>
    it(title, () => withSubject(makeLimiter, [], (s, time) => body(s.limiter, time)));
  const testWithStore = (title: string, body: (s: LimiterSubject) => Promise<void>) =>
    it(title, () => withSubject(makeLimiter, [], (s) => body(s)));

  describe(`RateLimiter contract: ${name}`, () => {
    test('hits within the limit are allowed and count down; the next is refused with a wait', async (limiter) => {
      const key = uniqueKey('rl');
      const rule = { limit: 3, windowSeconds: 60 };
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.hit(key, rule));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results.slice(0, 3).every((r) => r.retryAfterSeconds === 0)).toBe(true);
      expect(results[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    test('100 parallel hits with limit 10 allow exactly 10', async (limiter) => {
      const key = uniqueKey('rl-race');
      const rule = { limit: 10, windowSeconds: 60 };
      const results = await Promise.all(Array.from({ length: 100 }, () => limiter.hit(key, rule)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(
        results.filter((r) => !r.allowed).every((r) => r.remaining === 0 && r.retryAfterSeconds >= 1),
      ).toBe(true);
    });

    test('after the window the count starts again, however often the refused key kept trying', async (limiter, time) => {
      const key = uniqueKey('rl-window');
      const rule = { limit: 2, windowSeconds: 1 };
      expect((await limiter.hit(key, rule)).allowed).toBe(true);
      expect((await limiter.hit(key, rule)).allowed).toBe(true);
      await time.elapse(500);
      expect((await limiter.hit(key, rule)).allowed).toBe(false);
      expect((await limiter.hit(key, rule)).allowed).toBe(false);
      await time.elapse(700);
      const again = await limiter.hit(key, rule);
      expect(again).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
    });

    test('keys are counted separately', async (limiter) => {
      const rule = { limit: 1, windowSeconds: 60 };
      const a = uniqueKey('rl-a');
      const b = uniqueKey('rl-b');
      expect((await limiter.hit(a, rule)).allowed).toBe(true);
      expect((await limiter.hit(a, rule)).allowed).toBe(false);
      expect((await limiter.hit(b, rule)).allowed).toBe(true);
    });

    test('a limit or window that makes no sense is refused', async (limiter) => {
      const key = uniqueKey('rl-bad');
      await expect(limiter.hit(key, { limit: 0, windowSeconds: 60 })).rejects.toThrow(RangeError);
      await expect(limiter.hit(key, { limit: 1.5, windowSeconds: 60 })).rejects.toThrow(RangeError);
      await expect(limiter.hit(key, { limit: 5, windowSeconds: 0 })).rejects.toThrow(RangeError);
    });

    test('hitOnce counts each hit, in order, the first time a one-time value is seen', async (limiter) => {
      const a = uniqueKey('rl-once-a');
      const b = uniqueKey('rl-once-b');
      await limiter.hit(b, { limit: 2, windowSeconds: 60 });
      const results = await limiter.hitOnce({ key: uniqueKey('once'), ttlSeconds: 60 }, [
        { key: a, limit: { limit: 5, windowSeconds: 60 } },
        { key: b, limit: { limit: 2, windowSeconds: 30 } },
      ]);
      expect(results).toEqual([
        { allowed: true, remaining: 4, retryAfterSeconds: 0 },
        { allowed: true, remaining: 0, retryAfterSeconds: 0 },
      ]);
      const refused = await limiter.hitOnce({ key: uniqueKey('once'), ttlSeconds: 60 }, [
        { key: b, limit: { limit: 2, windowSeconds: 30 } },
      ]);
      expect(refused![0]!.allowed).toBe(false);
      // b's window was started by the first hit, 60 s: hitOnce keeps it, as hit does.
      expect(refused![0]!.retryAfterSeconds).toBeGreaterThan(30);
    });

    test('hitOnce with a value already seen answers null and counts nothing', async (limiter) => {
      const key = uniqueKey('rl-replay');
      const once = { key: uniqueKey('once'), ttlSeconds: 60 };
      const rule = { limit: 2, windowSeconds: 60 };
      expect(await limiter.hitOnce(once, [{ key, limit: rule }])).not.toBeNull();
      for (let i = 0; i < 5; i++) expect(await limiter.hitOnce(once, [{ key, limit: rule }])).toBeNull();
      expect(await limiter.hit(key, rule)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    });

    test('50 parallel hitOnce with one value: exactly one counts', async (limiter) => {
      const key = uniqueKey('rl-once-race');
      const once = { key: uniqueKey('once'), ttlSeconds: 60 };
      const rule = { limit: 100, windowSeconds: 60 };
      const results = await Promise.all(
        Array.from({ length: 50 }, () => limiter.hitOnce(once, [{ key, limit: rule }])),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await limiter.hit(key, rule)).remaining).toBe(98);
    });

    test('hitOnce’s value lives for its lifetime, then may be used again', async (limiter, time) => {
      const once = { key: uniqueKey('once'), ttlSeconds: 1 };
      const hits = [{ key: uniqueKey('rl-once-ttl'), limit: { limit: 10, windowSeconds: 60 } }];
      expect(await limiter.hitOnce(once, hits)).not.toBeNull();
      await time.elapse(500);
      expect(await limiter.hitOnce(once, hits)).toBeNull();
      await time.elapse(700);
      expect(await limiter.hitOnce(once, hits)).not.toBeNull();
    });

    testWithStore('hitOnce’s values are the StateStore’s: one used by either is used for both', async (s) => {
      const hits = [{ key: uniqueKey('rl-shared'), limit: { limit: 10, windowSeconds: 60 } }];
      const spentByStore = uniqueKey('once');
      expect(await s.stateStore.putIfAbsent(spentByStore, 60)).toBe(true);
      expect(await s.limiter.hitOnce({ key: spentByStore, ttlSeconds: 60 }, hits)).toBeNull();
      const spentByLimiter = uniqueKey('once');
      expect(await s.limiter.hitOnce({ key: spentByLimiter, ttlSeconds: 60 }, hits)).not.toBeNull();
      expect(await s.stateStore.putIfAbsent(spentByLimiter, 60)).toBe(false);
    });

    test('hitOnce refuses a limit that makes no sense without using up the value', async (limiter) => {
      const once = { key: uniqueKey('once'), ttlSeconds: 60 };
      const key = uniqueKey('rl-once-bad');
      await expect(limiter.hitOnce(once, [{ key, limit: { limit: 0, windowSeconds: 60 } }])).rejects.toThrow(
        RangeError,
      );
      expect(await limiter.hitOnce(once, [{ key, limit: { limit: 1, windowSeconds: 60 } }])).not.toBeNull();
    });
  });
}

/** Collects messages and waits for a number of them. */
function collector() {
  const messages: string[] = [];
  const waiters: Array<() => void> = [];
  const handler = (message: string) => {
    messages.push(message);
    waiters.splice(0).forEach((wake) => wake());
  };
  const waitFor = async (count: number, timeoutMs = 3000): Promise<string[]> => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`expected ${count} messages, got ${messages.length}: ${messages.join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return messages;
  };
  return { handler, messages, waitFor };
}

/** The PubSub contract: delivery to every subscriber of every process, order, unsubscribe, isolation. */
export function describePubSubContract(
  name: string,
  makePair: Factory<PubSubPair>,
  /** false for a Redis Cluster, which keeps no order between messages (src/core/ports/pub-sub.port.ts). */
  options: { ordered: boolean } = { ordered: true },
): void {
  const test = (title: string, body: (pair: PubSubPair) => Promise<void>) =>
    it(title, () => withSubject(makePair, [], (pair) => body(pair)));
  /** Messages compared in the order sent where the store keeps it, else as a sorted list: each exactly once. */
  const comparable = (messages: string[]) => (options.ordered ? messages : [...messages].sort());

  describe(`PubSub contract: ${name}`, () => {
    test('a message reaches two subscribers here and one in another process, in order where kept', async ({
      a,
      b,
    }) => {
      const channel = uniqueKey('policy');
      const first = collector();
      const second = collector();
      const remote = collector();
      await a.subscribe(channel, first.handler);
      await a.subscribe(channel, second.handler);
      await b.subscribe(channel, remote.handler);
      const payload = JSON.stringify({ tenant: 'ru-86', version: 7, note: 'Ханты-Мансийск' });
      for (const m of [payload, 'two', 'three']) await a.publish(channel, m);
      const all = comparable([payload, 'two', 'three']);
      expect(comparable(await first.waitFor(3))).toEqual(all);
      expect(comparable(await second.waitFor(3))).toEqual(all);
      expect(comparable(await remote.waitFor(3))).toEqual(all);
    });

    test('after unsubscribe a handler gets nothing more; the others still do', async ({ a, b }) => {
      const channel = uniqueKey('unsub');
      const leaving = collector();
      const staying = collector();
      const unsubscribe = await a.subscribe(channel, leaving.handler);
      await a.subscribe(channel, staying.handler);
      await b.publish(channel, 'before');
      await leaving.waitFor(1);
      await staying.waitFor(1);
      await unsubscribe();
      await unsubscribe();
      await b.publish(channel, 'after');
      // Both handlers hang on one subscription of `a`: once `staying` has it, `leaving` would have too.
      await staying.waitFor(2);
      expect(leaving.messages).toEqual(['before']);
    });

    test('a channel whose last handler left can be subscribed again', async ({ a, b }) => {
      const channel = uniqueKey('resub');
      const once = collector();
      const unsubscribe = await a.subscribe(channel, once.handler);
      await unsubscribe();
      const again = collector();
      await a.subscribe(channel, again.handler);
      await b.publish(channel, 'back');
      expect(await again.waitFor(1)).toEqual(['back']);
      expect(once.messages).toEqual([]);
    });

    test('messages stay on their channel', async ({ a, b }) => {
      const here = uniqueKey('here');
      const there = uniqueKey('there');
      const onHere = collector();
      const onThere = collector();
      await a.subscribe(here, onHere.handler);
      await a.subscribe(there, onThere.handler);
      await b.publish(there, 'for-there');
      await b.publish(here, 'for-here');
      expect(await onHere.waitFor(1)).toEqual(['for-here']);
      expect(await onThere.waitFor(1)).toEqual(['for-there']);
    });

    test('a handler that throws does not stop the others', async ({ a, b }) => {
      const channel = uniqueKey('throws');
      const good = collector();
      await a.subscribe(channel, () => {
        throw new Error('handler bug');
      });
      await a.subscribe(channel, good.handler);
      await b.publish(channel, 'x');
      await b.publish(channel, 'y');
      expect(comparable(await good.waitFor(2))).toEqual(comparable(['x', 'y']));
    });
  });
}

/** express-session callbacks as promises. */
const call = {
  get: (store: Store, sid: string) =>
    new Promise<SessionData | null | undefined>((resolve, reject) =>
      store.get(sid, (err, session) => (err ? reject(err) : resolve(session))),
    ),
  set: (store: Store, sid: string, session: SessionData) =>
    new Promise<void>((resolve, reject) => store.set(sid, session, (err) => (err ? reject(err) : resolve()))),
  touch: (store: Store, sid: string, session: SessionData) =>
    new Promise<void>((resolve, reject) =>
      store.touch!(sid, session, ((err?: unknown) => (err ? reject(err) : resolve())) as () => void),
    ),
  destroy: (store: Store, sid: string) =>
    new Promise<void>((resolve, reject) => store.destroy(sid, (err) => (err ? reject(err) : resolve()))),
};

/** A session as express-session hands it to a store, with a cookie expiring `ms` after `clock`'s now. */
function sessionFor(clock: Clock, ms: number | null, data: Record<string, unknown> = {}): SessionData {
  const expires = ms === null ? null : new Date(clock.now().getTime() + ms);
  return {
    cookie: { originalMaxAge: ms, expires, httpOnly: true, path: '/', sameSite: 'lax', secure: false },
    ...data,
  } as unknown as SessionData;
}

/** Sessions made by the contract live this long when their cookie has no expiry. */
export const CONTRACT_IDLE_SECONDS = 1;

/** The express-session Store contract: set/get/destroy/touch, lifetimes from the cookie or the idle timeout. */
export function describeSessionStoreContract(
  name: string,
  makeStore: Factory<Store, [{ idleSeconds: number }]>,
): void {
  const test = (title: string, body: (store: Store, time: TimeControl) => Promise<void>) =>
    it(title, () => withSubject(makeStore, [{ idleSeconds: CONTRACT_IDLE_SECONDS }], body));

  describe(`Session store contract: ${name}`, () => {
    test('a session set is got back as JSON; set again replaces it', async (store, { clock }) => {
      const sid = uniqueKey('sid');
      await call.set(store, sid, sessionFor(clock, 60_000, { userId: 'u-1', purpose: 'link' }));
      const got = (await call.get(store, sid)) as unknown as Record<string, unknown> & {
        cookie: { expires: string };
      };
      expect(got).toMatchObject({ userId: 'u-1', purpose: 'link', cookie: { httpOnly: true, path: '/' } });
      expect(typeof got.cookie.expires).toBe('string');
      await call.set(store, sid, sessionFor(clock, 60_000, { userId: 'u-2' }));
      expect(await call.get(store, sid)).not.toHaveProperty('purpose');
    });

    test('an unknown session id gets no session and no error', async (store) => {
      expect(await call.get(store, uniqueKey('nobody'))).toBeFalsy();
    });

    test('destroy removes the session; destroying an unknown one is no error', async (store, { clock }) => {
      const sid = uniqueKey('sid');
      await call.set(store, sid, sessionFor(clock, 60_000, { userId: 'u-1' }));
      await call.destroy(store, sid);
      expect(await call.get(store, sid)).toBeFalsy();
      await call.destroy(store, uniqueKey('nobody'));
    });

    test('a session ends when its cookie expires', async (store, time) => {
      const sid = uniqueKey('sid');
      await call.set(store, sid, sessionFor(time.clock, 1000, { userId: 'u-1' }));
      await time.elapse(500);
      expect(await call.get(store, sid)).toBeTruthy();
      await time.elapse(700);
      expect(await call.get(store, sid)).toBeFalsy();
    });

    test('a session whose cookie has no expiry ends after the idle timeout', async (store, time) => {
      const sid = uniqueKey('sid');
      await call.set(store, sid, sessionFor(time.clock, null, { userId: 'u-1' }));
      await time.elapse(CONTRACT_IDLE_SECONDS * 1000 + 200);
      expect(await call.get(store, sid)).toBeFalsy();
    });

    test('touch gives a session a new lifetime without rewriting it', async (store, time) => {
      const sid = uniqueKey('sid');
      await call.set(store, sid, sessionFor(time.clock, 1000, { userId: 'u-1' }));
      await time.elapse(600);
      await call.touch(store, sid, sessionFor(time.clock, 1000, { userId: 'ignored' }));
      await time.elapse(600);
      expect(await call.get(store, sid)).toMatchObject({ userId: 'u-1' });
      await time.elapse(600);
      expect(await call.get(store, sid)).toBeFalsy();
    });

    test('touching an unknown session does not create it', async (store, { clock }) => {
      const sid = uniqueKey('nobody');
      await call.touch(store, sid, sessionFor(clock, 60_000, { userId: 'u-1' }));
      expect(await call.get(store, sid)).toBeFalsy();
    });

    test('a session saved with an expired cookie is removed, not stored', async (store, { clock }) => {
      const sid = uniqueKey('sid');
      await call.set(store, sid, sessionFor(clock, 60_000, { userId: 'u-1' }));
      await call.set(store, sid, sessionFor(clock, -1000, { userId: 'u-1' }));
      expect(await call.get(store, sid)).toBeFalsy();
    });

    test('an oversized session is refused through the callback and not stored', async (store, { clock }) => {
      const sid = uniqueKey('sid');
      const huge = sessionFor(clock, 60_000, { blob: 'x'.repeat(64 * 1024) });
      await expect(call.set(store, sid, huge)).rejects.toThrow(/exceeds/);
      expect(await call.get(store, sid)).toBeFalsy();
    });
  });
}

/** The shared-store scan with the two stores it reads. */
export interface ScanSubject {
  readonly scan: SharedStoreScan;
  readonly sessions: SessionStorage;
  readonly state: StateStore;
}

/** The SharedStoreScan contract: whole key families, each live key once, and delete. */
export function describeSharedStoreScanContract(name: string, makeScan: Factory<ScanSubject>): void {
  const test = (title: string, body: (s: ScanSubject, time: TimeControl) => Promise<void>) =>
    it(title, () => withSubject(makeScan, [], body));
  const all = async (scan: SharedStoreScan, prefix: string) => {
    const found = [];
    for await (const entry of scan.entries(prefix)) found.push(entry);
    return found.sort((a, b) => a.key.localeCompare(b.key));
  };

  describe(`Shared-store scan contract: ${name}`, () => {
    test('lists the live entries of one family with their values and lifetimes, none of another', async (s) => {
      const tag = uniqueKey('scan');
      await s.sessions.set(`${tag}:a`, '{"person":"a"}', 60);
      await s.sessions.set(`${tag}:b`, '{"person":"b"}', 60);
      await s.state.put(`${tag}:c`, 'c', 60);
      const sessions = await all(s.scan, `sess:${tag}:`);
      expect(sessions.map((e) => [e.key, e.value])).toEqual([
        [`sess:${tag}:a`, '{"person":"a"}'],
        [`sess:${tag}:b`, '{"person":"b"}'],
      ]);
      for (const e of sessions) {
        expect(e.ttlMs).toBeGreaterThan(50_000);
        expect(e.ttlMs).toBeLessThanOrEqual(60_000);
      }
      expect((await all(s.scan, `state:${tag}:`)).map((e) => e.key)).toEqual([`state:${tag}:c`]);
    });

    test('lists every entry exactly once, however many', async (s) => {
      const tag = uniqueKey('many');
      const count = 1200;
      await Promise.all(Array.from({ length: count }, (_, i) => s.sessions.set(`${tag}:${i}`, '{}', 60)));
      const keys = (await all(s.scan, `sess:${tag}:`)).map((e) => e.key);
      expect(keys).toHaveLength(count);
      expect(new Set(keys).size).toBe(count);
    });

    test('an expired entry is not listed', async (s, time) => {
      const tag = uniqueKey('expiring');
      await s.state.put(`${tag}:x`, 'x', 1);
      await time.elapse(1200);
      expect(await all(s.scan, `state:${tag}:`)).toEqual([]);
    });

    test('delete removes an entry by the name the scan gave; a missing one is no error', async (s) => {
      const tag = uniqueKey('gone');
      await s.sessions.set(`${tag}:s`, '{}', 60);
      await s.state.put(`${tag}:t`, 't', 60);
      for (const e of [...(await all(s.scan, `sess:${tag}:`)), ...(await all(s.scan, `state:${tag}:`))])
        await s.scan.delete(e.key);
      expect(await s.sessions.get(`${tag}:s`)).toBeNull();
      expect(await s.state.get(`${tag}:t`)).toBeNull();
      await s.scan.delete(`sess:${tag}:none`);
    });
  });
}
