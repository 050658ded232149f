import { Router } from 'express';
import { saveSession } from '../sessions';
import { localPath } from './journey-deps';

/** `GET /identify?next=…`: an ESIA sign-in only to learn who the person is, then back to a local page. */
export function identifyRoute(): Router {
  const router = Router();
  router.get('/identify', async (req, res) => {
    req.session.journey = { kind: 'identify', next: localPath(req.query['next']) };
    // Stored before the redirect: the ESIA start reads it (sessions.ts `saveSession`).
    await saveSession(req);
    res.redirect(303, '/auth/esia/start?purpose=login');
  });
  return router;
}
