import express from 'express';
import request from 'supertest';
import { createLogger } from '../../src/logger';
import { requestContext } from '../../src/http/request-context';

/**
 * `req.log`: the child logger a handler logs through carries the request's id, and belongs to the app whose
 * requestContext took the request (issue 11 moved it to one accessor on Express's request prototype; two apps
 * in one process, as tests build them, must not share one logger).
 */

function appLoggingTo(lines: Array<Record<string, unknown>>) {
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const app = express();
  app.use(requestContext(logger));
  app.get('/logs', (req, res) => {
    req.log.info({ step: 1 }, 'first');
    req.log.info({ step: 2 }, 'second');
    res.send('ok');
  });
  return app;
}

describe('req.log', () => {
  it("carries the request's id (given or made), in the logger of the app that took the request", async () => {
    const linesA: Array<Record<string, unknown>> = [];
    const linesB: Array<Record<string, unknown>> = [];
    const a = appLoggingTo(linesA);
    const b = appLoggingTo(linesB);

    const given = await request(a).get('/logs').set('X-Request-Id', 'lb-request-0001');
    const made = await request(b).get('/logs');

    expect(given.headers['x-request-id']).toBe('lb-request-0001');
    expect(linesA).toEqual([
      expect.objectContaining({ reqId: 'lb-request-0001', step: 1, msg: 'first' }),
      expect.objectContaining({ reqId: 'lb-request-0001', step: 2, msg: 'second' }),
    ]);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesB).toEqual([
      expect.objectContaining({ reqId: made.headers['x-request-id'], step: 1 }),
      expect.objectContaining({ reqId: made.headers['x-request-id'], step: 2 }),
    ]);
  });

  it('an id that could smuggle text into logs is replaced', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const response = await request(appLoggingTo(lines)).get('/logs').set('X-Request-Id', 'bad id\tinjected');

    expect(response.headers['x-request-id']).not.toContain('bad');
    expect(lines[0]).toMatchObject({ reqId: response.headers['x-request-id'] });
  });
});
