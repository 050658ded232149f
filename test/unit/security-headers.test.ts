import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { securityHeaders, securityHeadersByHelmet } from '../../src/http/security-headers';

/**
 * securityHeaders asks helmet for its headers once and sets them on every response (issue 11): each response
 * must carry exactly what helmet itself, run on that request, would have set, behind TLS or not.
 */

function appWith(headers: RequestHandler) {
  const app = express();
  app.use((_req, res, next) => {
    // What helmet removes must be gone from the answer, whoever set it before.
    res.setHeader('X-Powered-By', 'something');
    next();
  });
  app.use(headers);
  app.get('/page', (_req, res) => void res.send('<p>ok</p>'));
  return app;
}

const volatile = new Set(['date', 'etag', 'content-length', 'connection', 'keep-alive']);
const stable = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !volatile.has(name)));

describe('security headers', () => {
  it.each([false, true])("are helmet's own on every response (behind TLS: %s)", async (behindTls) => {
    const byHelmet = await request(appWith(securityHeadersByHelmet({ behindTls }))).get('/page');
    const recorded = appWith(securityHeaders({ behindTls }));
    const first = await request(recorded).get('/page');
    const second = await request(recorded).get('/page');

    expect(stable(first.headers)).toEqual(stable(byHelmet.headers));
    expect(stable(second.headers)).toEqual(stable(byHelmet.headers));
    expect(first.headers['x-powered-by']).toBeUndefined();
    expect(first.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(first.headers['strict-transport-security'] !== undefined).toBe(behindTls);
  });
});
