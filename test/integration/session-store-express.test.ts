import express from 'express';
import session from 'express-session';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { createCache, type Cache } from '../../src/cache';
import { createLogger } from '../../src/logger';

// The session store under express-session itself: what the contract checks through the Store interface also
// holds when express-session drives it (JSON round trip, cookie revival, rolling touch, destroy).
const redisUrl = process.env.REDIS_URL;
const kinds: Array<'memory' | 'redis'> = redisUrl ? ['memory', 'redis'] : ['memory'];

describe.each(kinds)('express-session on the %s store', (kind) => {
  let cache: Cache;

  beforeAll(() => {
    cache = createCache(
      {
        redisUrl: kind === 'redis' ? redisUrl : undefined,
        redisMode: 'standalone',
        redisSentinelName: 'mymaster',
        redisKeyPrefix: `elg-test:${randomUUID().slice(0, 8)}:`,
        sessionIdleMinutes: 30,
      },
      createLogger({ level: 'silent' }),
    );
  });

  afterAll(() => cache.close());

  function app() {
    const a = express();
    a.use(
      session({
        secret: 'x'.repeat(32),
        store: cache.sessionStore,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: { httpOnly: true, sameSite: 'lax', maxAge: 30 * 60 * 1000 },
      }),
    );
    a.post('/sign-in', (req, res) => {
      (req.session as unknown as { userId: string }).userId = 'u-42';
      res.sendStatus(204);
    });
    a.get('/me', (req, res) => {
      res.json({ userId: (req.session as unknown as { userId?: string }).userId ?? null });
    });
    a.post('/sign-out', (req, res, next) =>
      req.session.destroy((err) => (err ? next(err) : res.sendStatus(204))),
    );
    return a;
  }

  it('keeps a signed-in user across requests until sign-out', async () => {
    const agent = request.agent(app());
    expect((await agent.get('/me')).body).toEqual({ userId: null });
    await agent.post('/sign-in').expect(204);
    const me = await agent.get('/me');
    expect(me.body).toEqual({ userId: 'u-42' });
    expect(me.headers['set-cookie']?.[0]).toMatch(/HttpOnly/);
    await agent.post('/sign-out').expect(204);
    expect((await agent.get('/me')).body).toEqual({ userId: null });
  });
});
