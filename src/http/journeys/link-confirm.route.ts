import { Router } from 'express';
import { csrfToken } from '../csrf';
import { allowFormsInto } from '../form-targets';
import { esiaProof } from '../interaction/sign-in-outcome';
import { pickLang } from '../lang';
import { linkConfirmPage } from '../views/journeys/link-confirm.page';
import { accountJourneyOf, personOf, required, type JourneyDeps } from './journey-deps';

/**
 * `GET|POST /interaction/:uid/confirm`: «Подтвердите привязку». «Привязать» ends the interaction with a code
 * for the diary and holds the link: it is written (with its event and outbox row, in one transaction) only
 * when the diary redeems that code with its own PKCE verifier, that is, only if this browser goes back to the
 * diary session that asked. A link request carried to another browser never writes a link.
 */
export function linkConfirmRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/interaction/:uid/confirm', (req, res) => {
    const journey = accountJourneyOf(req, req.params['uid']!);
    const pending = required(req.session.pendingLink);
    res.set('Cache-Control', 'no-store');
    allowFormsInto(res, deps.interactions.originsOf(journey.instanceId));
    res.type('html').send(
      linkConfirmPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        uid: journey.interaction,
        personName: personOf(req).displayName,
        diaryName: deps.diaries.get(pending.instanceId).displayName,
        accountName: pending.accountName,
      }),
    );
  });
  router.post('/interaction/:uid/confirm', async (req, res) => {
    const journey = accountJourneyOf(req, req.params['uid']!);
    const { accountName: _shown, ...link } = required(req.session.pendingLink);
    const person = personOf(req);
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    await deps.interactions.finish(req, res, journey.interaction, {
      signIn: {
        instanceId: link.instanceId,
        userId: link.userId,
        organizationId: null,
        role: null,
        esiaOid: person.oid,
      },
      proof: esiaProof(person, false),
      pending: { kind: 'link', link, personName: person.displayName },
    });
  });
  return router;
}
