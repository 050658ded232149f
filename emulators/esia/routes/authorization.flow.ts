import type { Response } from 'express';
import type { Persona } from '../../fixtures/personas.fixture';
import type { EmulatorContext, RegisteredClient } from '../esia-emulator.options';
import { EsiaProtocolError } from '../esia.errors';
import type { BrowserSession, PendingAuthorization } from '../state/emulator.store';
import { errorPage } from '../views/pages.view';

/** How long a started authorization may wait for sign-in and consent. */
const PENDING_TTL_MS = 30 * 60_000;

/** Sends the browser back to the client with `error`, `error_description` and the request's `state`. */
export function redirectWithError(
  res: Response,
  redirectUri: string,
  error: EsiaProtocolError,
  state?: string,
): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error.oauthError);
  target.searchParams.set('error_description', error.description);
  if (state) target.searchParams.set('state', state);
  res.redirect(302, target.toString());
}

/** ESIA's own error page: for failures where the redirect address cannot be trusted. */
export function renderError(res: Response, error: EsiaProtocolError, status = 400): void {
  res
    .status(status)
    .type('html')
    .send(errorPage({ code: error.code, text: error.russianText }));
}

/** A strict CSP for the pages; form-action must also allow the client's origins, as a POST ends in a redirect there. */
export function setPageSecurity(res: Response, client?: RegisteredClient): void {
  const origins = [...new Set((client?.redirectUris ?? []).map((uri) => new URL(uri).origin))];
  res.set({
    'Content-Security-Policy':
      `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' ${origins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`.trim(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}

/** The pending request, if it exists and has not gone stale. */
export function findPending(ctx: EmulatorContext, id: unknown): PendingAuthorization | undefined {
  const pending = typeof id === 'string' ? ctx.store.pending.get(id) : undefined;
  if (!pending) return undefined;
  if (ctx.clock.now().getTime() - pending.createdAt > PENDING_TTL_MS) {
    ctx.store.pending.delete(pending.id);
    return undefined;
  }
  return pending;
}

/** The signed-in persona of a session. */
export function sessionPersona(ctx: EmulatorContext, session: BrowserSession): Persona | undefined {
  return session.oid === null ? undefined : ctx.personas.find((p) => p.oid === session.oid);
}

/**
 * The next step of an authorization: sign in when nobody is, refuse an unconfirmed account when the client
 * requires a confirmed one (ESIA-007055), else the consent page.
 */
export function continueAuthorization(
  ctx: EmulatorContext,
  pending: PendingAuthorization,
  session: BrowserSession,
  res: Response,
): void {
  const persona = sessionPersona(ctx, session);
  if (!persona) return res.redirect(302, `/login?req=${encodeURIComponent(pending.id)}`);
  const client = ctx.clients.get(pending.clientId)!;
  if (client.requireConfirmedAccount && !persona.account.trusted) {
    ctx.store.pending.delete(pending.id);
    return redirectWithError(res, pending.redirectUri, new EsiaProtocolError('007055'), pending.state);
  }
  res.redirect(302, `/aas/oauth2/consent?req=${encodeURIComponent(pending.id)}`);
}

/** Consent given: a single-use code goes back to the client with the request's `state`. */
export function finishWithCode(
  ctx: EmulatorContext,
  pending: PendingAuthorization,
  persona: Persona,
  res: Response,
): void {
  ctx.store.pending.delete(pending.id);
  const now = ctx.clock.now().getTime();
  const code = ctx.store.addCode({
    clientId: pending.clientId,
    oid: persona.oid,
    scopes: pending.scopes,
    scope: pending.scope,
    redirectUri: pending.redirectUri,
    accessType: pending.accessType,
    ...(pending.nonce ? { nonce: pending.nonce } : {}),
    authTime: Math.floor(now / 1000),
    issuedAt: now,
  });
  const target = new URL(pending.redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', pending.state);
  res.redirect(302, target.toString());
}
