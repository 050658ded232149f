import type { Request, Response } from 'express';
import type { EsiaSignIn } from '../../esia/esia-sign-in';
import { EsiaStateError } from '../../esia/esia.errors';
import { findLoginChoices, snilsLinkChange } from '../../services/esia-login.use-case';
import { purposeOf, type AccountJourney, type SessionPerson } from '../../services/journeys.types';
import { checkLink } from '../../services/link-account.use-case';
import { checkUnlink } from '../../services/unlink-account.use-case';
import { esiaProof, signInOf } from '../interaction/sign-in-outcome';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import { handOffPage } from '../views/journeys/hand-off.page';
import { notFoundPage } from '../views/journeys/login.page';
import { linkRefusalPage, type LinkRefusal } from '../views/journeys/link-refusal.page';
import type { JourneyDeps } from './journey-deps';

/** HTTP status of each refusal page: refused, not broken. */
const STATUS: Record<LinkRefusal['kind'], number> = {
  unconfirmed: 403,
  no_snils: 403,
  profile_missing: 404,
  mismatch: 409,
  name_mismatch: 409,
  conflict: 409,
  not_linked: 404,
  other_person: 409,
};

/** A session name: «Фамилия Имя Отчество» as ESIA gave it. */
function sessionPerson(signIn: EsiaSignIn, now: Date): SessionPerson {
  const { lastName, firstName, middleName } = signIn.person;
  const displayName = [lastName, firstName, middleName].filter(Boolean).join(' ') || `ESIA ${signIn.oid}`;
  return {
    oid: signIn.oid,
    confirmed: signIn.confirmed,
    displayName,
    level: signIn.level,
    signedInAt: now.getTime(),
  };
}

function refusal(
  req: Request,
  res: Response,
  deps: JourneyDeps,
  journey: AccountJourney,
  refusal: LinkRefusal,
) {
  deps.events('link_refused', { instance: journey.instanceId, reason: refusal.kind });
  res
    .status(STATUS[refusal.kind])
    .type('html')
    .send(linkRefusalPage({ lang: pickLang(req), refusal, uid: journey.interaction }));
}

/**
 * What happens after a successful ESIA sign-in, by the journey the session started: link (flow A), unlink (E),
 * login (B) or identify. The session is rotated here (a session id planted before is worthless now), keeping
 * only what the next step needs; every journey of a diary ends in its provider interaction.
 */
export function afterEsia(deps: JourneyDeps) {
  return async (req: Request, res: Response, signIn: EsiaSignIn): Promise<void> => {
    const journey = req.session.journey;
    if (!journey) throw new EsiaStateError('purpose');
    if (purposeOf(journey) !== signIn.purpose) throw new EsiaStateError('purpose');
    const person = sessionPerson(signIn, deps.clock.now());
    const facts = { ...person, person: signIn.person };
    res.set('Cache-Control', 'no-store');
    switch (journey.kind) {
      case 'link': {
        const check = await checkLink(journey, facts, deps);
        if (check.kind === 'ready' || check.kind === 'already_linked') {
          const { accountName } = check;
          const pending = {
            instanceId: journey.instanceId,
            userId: journey.userId,
            oid: person.oid,
            method: journey.method,
          };
          await rotateSession(req, { person, journey, pendingLink: { ...pending, accountName } });
          return res.redirect(303, `/interaction/${journey.interaction}/confirm`);
        }
        await rotateSession(req, { person, journey });
        return refusal(req, res, deps, journey, check);
      }
      case 'unlink': {
        const check = await checkUnlink(journey, person, deps);
        await rotateSession(req, {
          person,
          journey,
          ...(check.kind === 'ready' ? { pendingUnlink: check.pending } : {}),
        });
        if (check.kind === 'ready') return res.redirect(303, `/interaction/${journey.interaction}/unlink`);
        return refusal(req, res, deps, journey, check);
      }
      case 'login': {
        const { instanceId, interaction } = journey;
        const choices = await findLoginChoices(instanceId, facts, deps);
        await rotateSession(req, { person, journey, loginChoices: { instanceId, interaction, choices } });
        const lang = pickLang(req);
        if (choices.length === 0) {
          return void res
            .status(404)
            .type('html')
            .send(
              notFoundPage({
                lang,
                uid: interaction,
                cause: signIn.person.snils ? 'snils_not_found' : 'no_snils',
              }),
            );
        }
        if (choices.length > 1) return res.redirect(303, `/interaction/${interaction}/choose`);
        const choice = choices[0]!;
        req.session.ready = {
          interaction,
          signIn: signInOf(instanceId, choice, person.oid),
          proof: esiaProof(person, false),
          ...(await pendingOf(instanceId, choice, facts, deps)),
        };
        const diaryName = deps.diaries.get(instanceId).displayName;
        return void res
          .type('html')
          .send(handOffPage({ lang, diaryName, url: `/interaction/${interaction}/finish` }));
      }
      case 'identify':
        await rotateSession(req, { person });
        return res.redirect(303, journey.next);
    }
  };
}

async function pendingOf(
  instanceId: string,
  choice: Parameters<typeof snilsLinkChange>[1],
  person: Parameters<typeof snilsLinkChange>[2],
  deps: JourneyDeps,
) {
  const pending = await snilsLinkChange(instanceId, choice, person, deps);
  return pending ? { pending } : {};
}
