import type { Request, Response } from 'express';
import type { EsiaSignIn } from '../../esia/esia-sign-in';
import { EsiaStateError } from '../../esia/esia.errors';
import { findLoginChoices } from '../../services/esia-login.use-case';
import { handOffAndEnd } from './hand-off';
import { purposeOf, type AccountJourney, type SessionPerson } from '../../services/journeys.types';
import { checkLink } from '../../services/link-account.use-case';
import { checkUnlink } from '../../services/unlink-account.use-case';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import { notFoundPage } from '../views/journeys/login.page';
import { linkRefusalPage, type LinkRefusal } from '../views/journeys/link-refusal.page';
import type { JourneyDeps } from './journey-deps';

/** HTTP status of each refusal page: refused, not broken. */
const STATUS: Record<LinkRefusal['kind'], number> = {
  unconfirmed: 403,
  no_snils: 403,
  profile_missing: 404,
  mismatch: 409,
  conflict: 409,
  not_linked: 404,
  other_person: 409,
};

/** A session name: «Фамилия Имя Отчество» as ESIA gave it. */
function sessionPerson(signIn: EsiaSignIn, now: Date): SessionPerson {
  const { lastName, firstName, middleName } = signIn.person;
  const displayName = [lastName, firstName, middleName].filter(Boolean).join(' ') || `ESIA ${signIn.oid}`;
  return { oid: signIn.oid, confirmed: signIn.confirmed, displayName, signedInAt: now.getTime() };
}

function refusal(req: Request, res: Response, refusal: LinkRefusal, returnUrl: string): void {
  res
    .status(STATUS[refusal.kind])
    .type('html')
    .send(linkRefusalPage({ lang: pickLang(req), refusal, returnUrl }));
}

/**
 * What happens after a successful ESIA sign-in, by the journey the session started: link (flow A), unlink (E),
 * login (B) or identify. The session is rotated here, keeping only what the next step needs.
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
      case 'link':
        await continueLink(req, res, journey, facts, deps);
        break;
      case 'unlink': {
        const check = await checkUnlink(journey, person, deps);
        await rotateSession(req, {
          person,
          journey,
          ...(check.kind === 'ready' ? { pendingUnlink: check.pending } : {}),
        });
        if (check.kind === 'ready') res.redirect(303, '/unlink/confirm');
        else refusal(req, res, check, journey.returnUrl);
        break;
      }
      case 'login':
        await continueLogin(req, res, journey.instanceId, facts, deps);
        break;
      case 'identify':
        await rotateSession(req, { person });
        res.redirect(303, journey.next);
        break;
    }
  };
}

async function continueLink(
  req: Request,
  res: Response,
  journey: AccountJourney,
  facts: SessionPerson & { person: EsiaSignIn['person'] },
  deps: JourneyDeps,
): Promise<void> {
  const check = await checkLink(journey, facts, deps);
  const person: SessionPerson = {
    oid: facts.oid,
    confirmed: facts.confirmed,
    displayName: facts.displayName,
    signedInAt: facts.signedInAt,
  };
  if (check.kind === 'ready') {
    await rotateSession(req, {
      person,
      journey,
      pendingLink: { ...check.pending, accountName: check.accountName },
    });
    return res.redirect(303, '/link/confirm');
  }
  if (check.kind === 'already_linked') {
    const { instanceId, returnUrl, userId } = journey;
    await rotateSession(req, { person, linked: { instanceId, returnUrl, userId } });
    return res.redirect(303, '/link/done');
  }
  await rotateSession(req, { person, journey });
  refusal(req, res, check, journey.returnUrl);
}

async function continueLogin(
  req: Request,
  res: Response,
  instanceId: string,
  facts: SessionPerson & { person: EsiaSignIn['person'] },
  deps: JourneyDeps,
): Promise<void> {
  const person: SessionPerson = {
    oid: facts.oid,
    confirmed: facts.confirmed,
    displayName: facts.displayName,
    signedInAt: facts.signedInAt,
  };
  const choices = await findLoginChoices(instanceId, facts, deps);
  await rotateSession(req, {
    person,
    journey: { kind: 'login', instanceId },
    loginChoices: { instanceId, choices },
  });
  if (choices.length === 0) return void res.type('html').send(notFoundPage({ lang: pickLang(req) }));
  if (choices.length > 1) return res.redirect(303, '/login/choose');
  await handOffAndEnd(req, res, instanceId, choices[0]!, person, deps, false, 'page');
}
