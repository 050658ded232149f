import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../../src/http/server';
import { buildTestApp } from '../support/test-app';

describe('the HTTP server builds requests and responses as the app wants them', () => {
  it('gives each request and response the app’s prototypes before Express sees them', async () => {
    const { app, deps } = buildTestApp();
    const running = await listen(app, { host: '127.0.0.1', port: 0, lifecycle: deps.lifecycle });
    const seen: Array<{ request: boolean; response: boolean }> = [];
    // Runs before the app, so it sees the objects as Node made them, not as Express then changes them.
    running.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      seen.push({
        request: Object.getPrototypeOf(req) === app.request,
        response: Object.getPrototypeOf(res) === app.response,
      }),
    );
    try {
      const first = await fetch(`${running.url}/healthz`);
      const second = await fetch(`${running.url}/no-such-page`);
      expect([first.status, second.status]).toEqual([200, 404]);
      // The app's own request and response methods work as before (a header set by res.set, a 404 page).
      expect(first.headers.get('x-request-id')).toBeTruthy();
      expect(await second.text()).toContain('</html>');
      expect(seen).toEqual([
        { request: true, response: true },
        { request: true, response: true },
      ]);
    } finally {
      await running.drain({ graceMs: 0, timeoutMs: 1000 });
    }
  });
});
