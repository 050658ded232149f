import request from 'supertest';
import { listenMetrics } from '../../src/http/metrics-server';
import { buildTestApp } from '../support/test-app';

describe('the HTTP app', () => {
  it('answers /healthz without touching any dependency', async () => {
    const { app } = buildTestApp({ readiness: [{ name: 'postgres', check: async () => false }] });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('answers /readyz 200 when every dependency is up, 503 naming the one that is down', async () => {
    let redisUp = true;
    const { app } = buildTestApp({
      readiness: [
        { name: 'postgres', check: async () => true },
        { name: 'redis', check: async () => redisUp },
      ],
    });
    await request(app)
      .get('/readyz')
      .expect(200, { status: 'ready', dependencies: { postgres: 'up', redis: 'up' } });
    redisUp = false;
    const down = await request(app).get('/readyz').expect(503);
    expect(down.body.dependencies).toEqual({ postgres: 'up', redis: 'down' });
  });

  it('reports not ready while draining, so the balancer stops sending traffic', async () => {
    const { app, deps } = buildTestApp();
    deps.lifecycle.draining = true;
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.status).toBe('draining');
    expect(res.headers['connection']).toBe('close');
  });

  it("exports the app's request histograms by route pattern on the separate metrics listener", async () => {
    const { app, deps } = buildTestApp();
    await request(app).get('/healthz');
    const metricsServer = await listenMetrics(deps.metrics, { host: '127.0.0.1', port: 0 });
    try {
      expect(metricsServer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${metricsServer.url}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
      );
      expect(text).toContain('db_pool_total_connections');
      expect((await fetch(`${metricsServer.url}/healthz`)).status).toBe(404);
    } finally {
      await metricsServer.close();
    }
  });

  it('has a favicon: every page names it, and /favicon.ico answers it instead of a 404 on every page', async () => {
    const { app, logs } = buildTestApp();
    const home = await request(app).get('/').expect(200);
    expect(home.text).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />');
    for (const path of ['/favicon.ico', '/static/favicon.svg']) {
      const icon = await request(app).get(path).expect(200);
      expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(String(icon.body)).toContain('<svg');
    }
    expect(logs.text).not.toContain('"status":404');
  });

  it('the user-facing port does not serve /metrics', async () => {
    const { app } = buildTestApp();
    await request(app).get('/healthz');
    const res = await request(app).get('/metrics').expect(404);
    expect(res.text).not.toContain('http_request_duration_seconds');
  });

  it('sends strict security headers: no inline script, no framing, no referrer', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.text).toContain('Привязать учетную запись портала Госуслуг');
  });

  it('answers an unknown page in Russian with a support reference, and an API client in JSON', async () => {
    const { app } = buildTestApp();
    const page = await request(app).get('/nowhere').set('Accept', 'text/html').expect(404);
    expect(page.text).toContain('Страница не найдена');
    expect(page.text).toContain(page.headers['x-request-id']);
    const api = await request(app).get('/api/nowhere').expect(404);
    expect(api.body.error).toEqual({
      code: 'not_found',
      message: expect.any(String),
      reference: api.headers['x-request-id'],
    });
    const en = await request(app).get('/nowhere?lang=en').set('Accept', 'text/html').expect(404);
    expect(en.text).toContain('Page not found');
  });

  it('refuses a body over the limit with 413 and malformed JSON with 400, never a stack trace', async () => {
    const { app } = buildTestApp();
    const big = await request(app)
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(70_000) }))
      .expect(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const bad = await request(app)
      .post('/api/anything')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('refuses a state-changing form without the session CSRF token', async () => {
    const { app } = buildTestApp();
    const res = await request(app)
      .post('/')
      .type('form')
      .send({ anything: '1' })
      .set('Accept', 'text/html')
      .expect(403);
    expect(res.text).toContain('Срок действия формы истёк');
  });

  it('keeps a safe incoming request id and replaces one that could inject into logs', async () => {
    const { app } = buildTestApp();
    const kept = await request(app).get('/healthz').set('X-Request-Id', 'lb-1234abcd');
    expect(kept.headers['x-request-id']).toBe('lb-1234abcd');
    const replaced = await request(app).get('/healthz').set('X-Request-Id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
