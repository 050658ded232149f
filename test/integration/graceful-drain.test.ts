import session from 'express-session';
import { createHmac } from 'node:crypto';
import { listen } from '../../src/http/server';
import { buildTestApp } from '../support/test-app';

/** A session store whose reads take a while: requests that carry a cookie are "in flight" for that long. */
class SlowStore extends session.MemoryStore {
  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    setTimeout(() => super.get(sid, cb), 300);
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
    const { app, deps } = buildTestApp({ sessionStore: new SlowStore() });
    const running = await listen(app, { host: '127.0.0.1', port: 0, lifecycle: deps.lifecycle });
    const inFlight = Array.from({ length: 40 }, () =>
      fetch(`${running.url}/`, { headers: { cookie: sessionCookie(deps.config.sessionSecret[0]!) } }).then(
        (r) => r.status,
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    const drained = running.drain({ graceMs: 0, timeoutMs: 5000 });
    const statuses = await Promise.all(inFlight);
    expect(statuses).toEqual(Array(40).fill(200));
    expect(await drained).toEqual({ inFlightAtTimeout: 0 });
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    expect(deps.lifecycle.draining).toBe(true);
  });

  it('cuts off requests that outlive the timeout instead of hanging the shutdown', async () => {
    class StuckStore extends session.MemoryStore {
      override get(_sid: string, _cb: unknown): void {}
    }
    const { app, deps } = buildTestApp({ sessionStore: new StuckStore() });
    const running = await listen(app, { host: '127.0.0.1', port: 0, lifecycle: deps.lifecycle });
    const stuck = fetch(`${running.url}/`, {
      headers: { cookie: sessionCookie(deps.config.sessionSecret[0]!) },
    }).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await running.drain({ graceMs: 0, timeoutMs: 300 })).toEqual({ inFlightAtTimeout: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await stuck).toBe('cut');
  });
});
