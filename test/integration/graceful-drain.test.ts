import session from 'express-session';
import { createHmac } from 'node:crypto';
import { listen } from '../../src/http/server';
import { buildTestApp } from '../support/test-app';

/** A session store whose reads take a while: requests that carry a cookie are "in flight" for that long. */
class SlowStore extends session.MemoryStore {
  started = 0;
  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    this.started += 1;
    setTimeout(() => super.get(sid, cb), 300);
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('condition not reached in 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A cookie express-session accepts, so that it asks the store for the session. */
function sessionCookie(secret: string): string {
  const sid = 'some-session-id';
  const mac = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `elg.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

describe('draining the server (what SIGTERM does)', () => {
  it('fails no in-flight request, refuses new connections, and reports not ready', async () => {
    const store = new SlowStore();
    const { app, deps } = buildTestApp({ sessionStore: store });
    const running = await listen(app, { host: '127.0.0.1', port: 0, lifecycle: deps.lifecycle });
    const inFlight = Array.from({ length: 40 }, () =>
      fetch(`${running.url}/`, { headers: { cookie: sessionCookie(deps.config.sessionSecret[0]!) } }).then(
        (r) => r.status,
      ),
    );
    // Drain once the server is working on all 40 (on a busy machine some take longer than a fixed pause).
    await until(() => store.started === 40);
    const drained = running.drain({ graceMs: 0, timeoutMs: 5000 });
    const statuses = await Promise.all(inFlight);
    expect(statuses).toEqual(Array(40).fill(200));
    expect(await drained).toEqual({ inFlightAtTimeout: 0 });
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    expect(deps.lifecycle.draining).toBe(true);
  });

  it('cuts off requests that outlive the timeout instead of hanging the shutdown', async () => {
    class StuckStore extends session.MemoryStore {
      started = 0;
      override get(_sid: string, _cb: unknown): void {
        this.started += 1;
      }
    }
    const stuckStore = new StuckStore();
    const { app, deps } = buildTestApp({ sessionStore: stuckStore });
    const running = await listen(app, { host: '127.0.0.1', port: 0, lifecycle: deps.lifecycle });
    const stuck = fetch(`${running.url}/`, {
      headers: { cookie: sessionCookie(deps.config.sessionSecret[0]!) },
    }).catch(() => 'cut');
    await until(() => stuckStore.started === 1);
    const started = Date.now();
    expect(await running.drain({ graceMs: 0, timeoutMs: 300 })).toEqual({ inFlightAtTimeout: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await stuck).toBe('cut');
  });
});
