import type { Request, Response } from 'express';
import { handOff, type LoginPerson } from '../../services/esia-login.use-case';
import type { LoginChoice, SessionPerson } from '../../services/journeys.types';
import { pickLang } from '../lang';
import { handOffPage } from '../views/journeys/hand-off.page';
import { linkRefusalPage } from '../views/journeys/link-refusal.page';
import type { JourneyDeps } from './journey-deps';

/**
 * Sends the browser to the vendor with a one-time code. Without «Остаться в системе» the gateway session ends
 * here (a shared computer keeps nothing); with it, the choice is remembered for this instance and the session
 * lives on until its idle timeout, so the next «Войти через Госуслуги» goes straight to the diary. `person` is
 * null after a diary password sign-in (flow C): no ESIA person, so no SNILS-matched choice and no «stay».
 * `via: 'page'` where a form started the redirect chain (ESIA's «Предоставить», the chooser): the diary is
 * reached from a page (views/journeys/hand-off.page.ts), since Chromium would hold a 303 to the diary's origin
 * against that form's CSP form-action.
 */
export async function handOffAndEnd(
  req: Request,
  res: Response,
  instanceId: string,
  choice: LoginChoice,
  person: SessionPerson | LoginPerson | null,
  deps: JourneyDeps,
  stay: boolean,
  via: 'redirect' | 'page' = 'redirect',
): Promise<void> {
  const facts: LoginPerson | null =
    person === null || 'person' in person ? person : { ...person, person: {} };
  const result = await handOff(instanceId, choice, facts, deps);
  if (result.kind === 'conflict') {
    const returnUrl = deps.diaries.get(instanceId).baseUrl;
    const refusal = {
      kind: 'conflict' as const,
      conflict: 'account_linked' as const,
      requestId: result.requestId,
    };
    res
      .status(409)
      .type('html')
      .send(linkRefusalPage({ lang: pickLang(req), refusal, returnUrl }));
    return;
  }
  if (stay) {
    req.session.stay = { ...req.session.stay, [instanceId]: { ...choice, viaSnils: false } };
    delete req.session.loginChoices;
  } else {
    await new Promise<void>((resolve, reject) =>
      req.session.destroy((err) => (err ? reject(err) : resolve())),
    );
  }
  if (via === 'redirect') return res.redirect(303, result.url);
  const diaryName = deps.diaries.get(instanceId).displayName;
  res
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(handOffPage({ lang: pickLang(req), diaryName, url: result.url }));
}
