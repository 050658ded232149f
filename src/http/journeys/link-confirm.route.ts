import { Router } from 'express';
import { confirmLink } from '../../services/link-account.use-case';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import { linkConfirmPage } from '../views/journeys/link-confirm.page';
import { linkRefusalPage } from '../views/journeys/link-refusal.page';
import { personOf, required, type JourneyDeps } from './journey-deps';

/**
 * `GET|POST /link/confirm`: the confirmation, then the link written in one transaction with its event and
 * outbox row. A second submit (double click, two tabs) ends on the same success page: the unique index makes
 * the second insert fail and the use case recognises the link as this person's own.
 */
export function linkConfirmRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/link/confirm', (req, res) => {
    const pending = required(req.session.pendingLink);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      linkConfirmPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        personName: personOf(req).displayName,
        diaryName: deps.diaries.get(pending.instanceId).displayName,
        accountName: pending.accountName,
        returnUrl: pending.returnUrl,
      }),
    );
  });
  router.post('/link/confirm', async (req, res) => {
    if (!req.session.pendingLink && req.session.linked) return res.redirect(303, '/link/done');
    const pending = required(req.session.pendingLink);
    const person = personOf(req);
    const outcome = await confirmLink(pending, person, deps);
    if (outcome.kind === 'conflict') {
      delete req.session.pendingLink;
      res.status(409).type('html');
      return res.send(
        linkRefusalPage({ lang: pickLang(req), refusal: outcome, returnUrl: pending.returnUrl }),
      );
    }
    const { instanceId, returnUrl, userId } = pending;
    await rotateSession(req, { person, linked: { instanceId, returnUrl, userId } });
    res.redirect(303, '/link/done');
  });
  return router;
}
