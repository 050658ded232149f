import { Router, type Request, type Response } from 'express';
import type { Persona } from '../../fixtures/personas.fixture';
import type { EmulatorContext, RegisteredClient } from '../esia-emulator.options';
import { EsiaProtocolError } from '../esia.errors';
import { consentPage } from '../views/pages.view';
import { browserSession, csrfMatches } from './browser-session';
import {
  continueAuthorization,
  findPending,
  finishWithCode,
  redirectWithError,
  renderError,
  sessionPersona,
  setPageSecurity,
} from './authorization.flow';

const mustRefuse = (client: RegisteredClient, persona: Persona) =>
  client.requireConfirmedAccount && !persona.account.trusted;

/** `GET/POST /aas/oauth2/consent`: «Предоставление прав доступа»; «Отказать» answers ESIA-007004 as access_denied. */
export function consentRoute(ctx: EmulatorContext): Router {
  const router = Router();
  const expired = (res: Response) =>
    renderError(res, new EsiaProtocolError('007003', 'unknown or expired request'));

  router.get('/aas/oauth2/consent', (req: Request, res: Response) => {
    const pending = findPending(ctx, req.query.req);
    if (!pending) return expired(res);
    const session = browserSession(ctx.store, req, res);
    const persona = sessionPersona(ctx, session);
    const client = ctx.clients.get(pending.clientId)!;
    if (!persona || mustRefuse(client, persona)) return continueAuthorization(ctx, pending, session, res);
    setPageSecurity(res, client);
    res.type('html').send(
      consentPage({
        requestId: pending.id,
        csrf: session.csrf,
        persona,
        clientName: client.displayName,
        scopes: pending.scopes,
      }),
    );
  });

  router.post('/aas/oauth2/consent', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pending = findPending(ctx, body.req);
    if (!pending) return expired(res);
    const session = browserSession(ctx.store, req, res);
    if (!csrfMatches(session, body.csrf)) return res.status(403).type('text').send('CSRF token mismatch');
    const persona = sessionPersona(ctx, session);
    if (!persona || mustRefuse(ctx.clients.get(pending.clientId)!, persona)) {
      return continueAuthorization(ctx, pending, session, res);
    }
    if (body.decision !== 'grant') {
      ctx.store.pending.delete(pending.id);
      return redirectWithError(res, pending.redirectUri, new EsiaProtocolError('007004'), pending.state);
    }
    finishWithCode(ctx, pending, persona, res);
  });
  return router;
}
