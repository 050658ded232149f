import { demoToday } from '../../fixtures/personas.fixture';
import { Router, type Request, type Response } from 'express';
import type { Persona } from '../../fixtures/personas.fixture';
import type { EmulatorContext } from '../esia-emulator.options';
import { EsiaProtocolError } from '../esia.errors';
import { signInPage } from '../views/pages.view';
import { browserSession, csrfMatches, signIn } from './browser-session';
import { continueAuthorization, findPending, renderError, setPageSecurity } from './authorization.flow';

const digits = (value: string) => value.replace(/\D/g, '');

/** The persona a login names: a phone (last ten digits), an e-mail (any case) or a SNILS, with its password. */
export function personaByCredentials(
  personas: Persona[],
  login: string,
  password: string,
): Persona | undefined {
  const text = login.trim().toLowerCase();
  const number = digits(text);
  return personas.find((p) => {
    const byEmail = p.login.email !== null && p.login.email.toLowerCase() === text;
    const byPhone =
      p.login.phone !== null && number.length >= 10 && digits(p.login.phone).endsWith(number.slice(-10));
    const bySnils = p.snils !== null && number.length === 11 && digits(p.snils) === number;
    return (byEmail || byPhone || bySnils) && p.login.password === password;
  });
}

/** `GET/POST /login`: the sign-in page «Вход» and its two ways in (a persona button, or login and password). */
export function signInRoute(ctx: EmulatorContext): Router {
  const router = Router();
  const expired = (res: Response) =>
    renderError(res, new EsiaProtocolError('007003', 'unknown or expired request'));

  router.get('/login', (req: Request, res: Response) => {
    const pending = findPending(ctx, req.query.req);
    if (!pending) return expired(res);
    const session = browserSession(ctx.store, req, res);
    if (session.oid !== null && req.query.switch !== '1')
      return continueAuthorization(ctx, pending, session, res);
    setPageSecurity(res, ctx.clients.get(pending.clientId));
    res.type('html').send(
      signInPage({
        requestId: pending.id,
        csrf: session.csrf,
        personas: ctx.personas,
        today: demoToday(ctx.clock.now()),
      }),
    );
  });

  router.post('/login', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const pending = findPending(ctx, body.req);
    if (!pending) return expired(res);
    const session = browserSession(ctx.store, req, res);
    if (!csrfMatches(session, body.csrf)) return res.status(403).type('text').send('CSRF token mismatch');
    const persona =
      typeof body.persona === 'string'
        ? ctx.personas.find((p) => p.id === body.persona)
        : personaByCredentials(ctx.personas, String(body.login ?? ''), String(body.password ?? ''));
    if (!persona) {
      setPageSecurity(res, ctx.clients.get(pending.clientId));
      const error = 'Неверный логин или пароль';
      const page = signInPage({
        requestId: pending.id,
        csrf: session.csrf,
        personas: ctx.personas,
        today: demoToday(ctx.clock.now()),
        error,
        login: String(body.login ?? ''),
      });
      return res.status(401).type('html').send(page);
    }
    continueAuthorization(ctx, pending, signIn(ctx.store, req, res, persona.oid), res);
  });
  return router;
}
