import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { serveLeanPaths } from '../../src/http/vendor-api/lean-vendor-path';

/**
 * The lean path of the password decisions (src/http/vendor-api/lean-vendor-path.ts): its exact paths are served
 * by its chain before the app's router dispatches anything, with Express's request set-up done; everything else
 * is the router's. An app whose router layer records each request it sees tells the two apart.
 */

function appWithLeanPath(chain: RequestHandler[]) {
  const seenByRouter: string[] = [];
  const errors: string[] = [];
  const app = express();
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    errors.push(err.message);
    res.status(418).json({ error: err.message });
  };
  serveLeanPaths(app, { paths: ['/api/lean'], route: '/api/lean', chain, onError });
  app.use((req, _res, next) => {
    seenByRouter.push(`${req.method} ${req.url}`);
    next();
  });
  app.all('/api/lean', (_req, res) => {
    res.json({ by: 'router' });
  });
  app.use(onError);
  return { app, seenByRouter, errors };
}

describe('the lean vendor path', () => {
  it("serves its exact POST paths with its chain, before the router, with Express's request set up", async () => {
    const { app, seenByRouter } = appWithLeanPath([
      (req, res, next) => {
        res.setHeader('X-First', 'yes');
        next();
      },
      (req, res) => {
        // Express's own helpers work (its prototypes are set) and the full path reads as the router would give it.
        res.json({
          by: 'lean',
          originalUrl: req.originalUrl,
          baseUrl: req.baseUrl,
          route: res.locals['route'],
        });
      },
    ]);

    const served = await request(app).post('/api/lean').send({});

    expect(served.status).toBe(200);
    expect(served.headers['x-first']).toBe('yes');
    expect(served.body).toEqual({ by: 'lean', originalUrl: '/api/lean', baseUrl: '', route: '/api/lean' });
    expect(seenByRouter).toEqual([]);
  });

  it('leaves another method, a query string or another path to the router', async () => {
    const { app, seenByRouter } = appWithLeanPath([(_req, res) => void res.json({ by: 'lean' })]);

    const get = await request(app).get('/api/lean');
    const query = await request(app).post('/api/lean?x=1').send({});
    const other = await request(app).post('/api/lean/more').send({});

    expect(get.body).toEqual({ by: 'router' });
    expect(query.body).toEqual({ by: 'router' });
    expect(other.status).toBe(404);
    expect(seenByRouter).toEqual(['GET /api/lean', 'POST /api/lean?x=1', 'POST /api/lean/more']);
  });

  it("sends a thrown, rejected or passed error to the app's error handler, once", async () => {
    const thrown = appWithLeanPath([
      () => {
        throw new Error('thrown');
      },
    ]);
    const rejected = appWithLeanPath([async () => Promise.reject(new Error('rejected'))]);
    const passed = appWithLeanPath([(_req, _res, next) => next(new Error('passed'))]);

    for (const { app, errors, seenByRouter } of [thrown, rejected, passed]) {
      const answer = await request(app).post('/api/lean').send({});
      expect(answer.status).toBe(418);
      expect(errors).toHaveLength(1);
      expect(answer.body).toEqual({ error: errors[0] });
      expect(seenByRouter).toEqual([]);
    }
    expect([thrown.errors[0], rejected.errors[0], passed.errors[0]]).toEqual([
      'thrown',
      'rejected',
      'passed',
    ]);
  });

  it("ends a chain that answers nothing in Express's final handler (a 404), not a hanging request", async () => {
    const { app, seenByRouter } = appWithLeanPath([(_req, _res, next) => next()]);

    const answer = await request(app).post('/api/lean').send({}).timeout(5000);

    expect(answer.status).toBe(404);
    expect(seenByRouter).toEqual([]);
  });
});
