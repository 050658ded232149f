import { Router } from 'express';
import { UnlinkRefusedError } from '../../services/linking.errors';
import { csrfToken } from '../csrf';
import { allowFormsInto } from '../form-targets';
import { esiaProof } from '../interaction/sign-in-outcome';
import { pickLang } from '../lang';
import { unlinkConfirmPage } from '../views/journeys/link-confirm.page';
import { accountJourneyOf, personOf, required, type JourneyDeps } from './journey-deps';

/**
 * `GET|POST /interaction/:uid/unlink`: flow E's last step. Refused at once when the cutover policy makes ESIA
 * the account's only way in; otherwise «Отвязать» ends the interaction and the link is revoked when the diary
 * redeems its code, if the ESIA proof is still fresher than five minutes then.
 */
export function unlinkConfirmRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/interaction/:uid/unlink', async (req, res) => {
    const journey = accountJourneyOf(req, req.params['uid']!);
    const pending = required(req.session.pendingUnlink);
    if (await deps.onlyWayIn(pending.instanceId, pending.userId)) throw new UnlinkRefusedError();
    res.set('Cache-Control', 'no-store');
    allowFormsInto(res, deps.interactions.originsOf(journey.instanceId));
    res.type('html').send(
      unlinkConfirmPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        uid: journey.interaction,
        diaryName: deps.diaries.get(pending.instanceId).displayName,
      }),
    );
  });
  router.post('/interaction/:uid/unlink', async (req, res) => {
    const journey = accountJourneyOf(req, req.params['uid']!);
    const unlink = required(req.session.pendingUnlink);
    const person = personOf(req);
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    await deps.interactions.finish(req, res, journey.interaction, {
      signIn: {
        instanceId: unlink.instanceId,
        userId: unlink.userId,
        organizationId: null,
        role: null,
        esiaOid: person.oid,
      },
      proof: esiaProof(person, false),
      pending: { kind: 'unlink', unlink },
    });
  });
  return router;
}
