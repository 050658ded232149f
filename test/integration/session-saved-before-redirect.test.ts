import express, { type Request } from 'express';
import request from 'supertest';
import { MemorySessionStorage } from '../../src/cache/memory-session-storage';
import { GatewaySessionStore } from '../../src/cache/session-store';
import type { SessionStorage } from '../../src/core/ports/session-storage.port';
import { rotateSession, saveSession, sessions } from '../../src/http/sessions';
import { testConfig } from '../support/test-app';

/**
 * express-session writes a changed session only once the response's headers are out, and Chrome follows a
 * redirect on its headers: the next page, perhaps in another gateway process, could read the session before
 * the write lands (expressjs/session#360). The gateway saves before such redirects; these tests read the store
 * at the moment the headers are written, and count the writes (the save express-session makes afterwards
 * must not write the same session again).
 */
function world() {
  const storage = new MemorySessionStorage();
  const writes: string[] = [];
  const counting: SessionStorage = {
    get: (id) => storage.get(id),
    set: async (id, record, ttl) => {
      writes.push(id);
      // A write lands a moment later, as one to Redis does (the in-process map would hold it at once).
      await new Promise((resolve) => setImmediate(resolve));
      await storage.set(id, record, ttl);
    },
    touch: (id, ttl) => storage.touch(id, ttl),
    destroy: (id) => storage.destroy(id),
  };
  const store = new GatewaySessionStore(counting, { idleSeconds: 1800 });
  /** What the store held for the response's session when its headers were written. */
  const atHeaders: Array<Record<string, unknown> | null> = [];
  const app = express();
  app.use(sessions(testConfig(), store));
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      const held = storage.live().find((r) => r.key === req.sessionID);
      atHeaders.push(held ? (JSON.parse(held.value) as Record<string, unknown>) : null);
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  const journey = { kind: 'login', instanceId: 'dnevnik-86', interaction: 'uid-1' };
  const setJourney = (req: Request) => Object.assign(req.session, { journey });
  app.get('/rotate', async (req, res) => {
    await rotateSession(req, { journey });
    res.redirect(303, '/next');
  });
  app.get('/save', async (req, res) => {
    setJourney(req);
    await saveSession(req);
    res.redirect(303, '/next');
  });
  app.get('/unsaved', (req, res) => {
    setJourney(req);
    res.redirect(303, '/next');
  });
  app.get('/save-then-change', async (req, res) => {
    setJourney(req);
    await saveSession(req);
    Object.assign(req.session, { step: 2 });
    res.redirect(303, '/next');
  });
  return { app, writes, atHeaders, journey, storage };
}

const sessionIdOf = (cookie: string | undefined): string =>
  /elg\.sid=s:([^.]+)\./.exec(decodeURIComponent(cookie ?? ''))![1]!;

describe('a session the next page reads is stored before the redirect goes out', () => {
  it('a rotated session: stored with what it keeps when the headers are written, and written once', async () => {
    const w = world();
    const answer = await request(w.app).get('/rotate').expect(303);
    const id = sessionIdOf(answer.headers['set-cookie']?.[0]);
    expect(w.atHeaders).toEqual([expect.objectContaining({ journey: w.journey })]);
    expect(w.writes.filter((written) => written === id)).toHaveLength(1);
  });

  it('a session saved before the redirect: stored when the headers are written, and written once', async () => {
    const w = world();
    const answer = await request(w.app).get('/save').expect(303);
    const id = sessionIdOf(answer.headers['set-cookie']?.[0]);
    expect(w.atHeaders).toEqual([expect.objectContaining({ journey: w.journey })]);
    expect(w.writes).toEqual([id]);
  });

  it('left to express-session, the same session is not yet stored when the headers go out', async () => {
    const w = world();
    const answer = await request(w.app).get('/unsaved').expect(303);
    expect(w.atHeaders).toEqual([null]);
    // It lands a moment later: the race the saves above close.
    const id = sessionIdOf(answer.headers['set-cookie']?.[0]);
    expect(JSON.parse((await w.storage.get(id))!)).toMatchObject({ journey: w.journey });
  });

  it('a session changed after its save is written again, with the change', async () => {
    const w = world();
    const answer = await request(w.app).get('/save-then-change').expect(303);
    const id = sessionIdOf(answer.headers['set-cookie']?.[0]);
    expect(w.writes).toEqual([id, id]);
    expect(JSON.parse((await w.storage.get(id))!)).toMatchObject({ journey: w.journey, step: 2 });
  });
});
