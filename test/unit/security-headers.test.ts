import express, { type RequestHandler } from 'express';
import request from 'supertest';
import {
  sameHeadersEveryTime,
  securityHeaders,
  securityHeadersByHelmet,
} from '../../src/http/security-headers';

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

describe('headers recorded once', () => {
  it('asks the middleware once, when built, and then sets what it recorded on every response', async () => {
    let asked = 0;
    const recorded = sameHeadersEveryTime((_req, res, next) => {
      asked++;
      res.setHeader('X-Asked', String(asked));
      next();
    });
    const app = appWith(recorded);

    const first = await request(app).get('/page');
    const second = await request(app).get('/page');

    expect(asked).toBe(1);
    expect([first.headers['x-asked'], second.headers['x-asked']]).toEqual(['1', '1']);
  });

  it('refuses at start-up a middleware that fails or does not finish at once', () => {
    expect(() => sameHeadersEveryTime((_req, _res, next) => next(new Error('bad directive')))).toThrow(
      'bad directive',
    );
    expect(() => sameHeadersEveryTime((_req, _res, next) => void setImmediate(next))).toThrow(
      'did not finish synchronously',
    );
  });
});
