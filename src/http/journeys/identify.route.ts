import { Router } from 'express';
import { localPath } from './journey-deps';

/** `GET /identify?next=…`: an ESIA sign-in only to learn who the person is, then back to a local page. */
export function identifyRoute(): Router {
  const router = Router();
  router.get('/identify', (req, res) => {
    req.session.journey = { kind: 'identify', next: localPath(req.query['next']) };
    res.redirect(303, '/auth/esia/start?purpose=login');
  });
  return router;
}
