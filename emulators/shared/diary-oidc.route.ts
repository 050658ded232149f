import { Router, type Request, type Response } from 'express';
import {
  ForeignCallbackError,
  OidcRefusedError,
  refusalText,
  type DiaryOidcClient,
  type PendingOidcRequest,
} from './diary-oidc-client';
import type { BrowserSession, CookieSessions, SessionStore } from './web-session';

/** What a diary's session holds for its part as an OpenID client of the gateway. */
export interface OidcBrowserSession {
  id: string;
  /** A request this browser made at the gateway and has not come back from: its state, nonce, verifier. */
  oidc: PendingOidcRequest | null;
  /** The organization and role the gateway's chooser picked (ID token `org`, `role`; ESIA sign-in only). */
  chosen: { organizationId: string; role: string } | null;
  /** After a sign-in through the gateway: its session id (back-channel logout) and the ID token (logout). */
  gateway: { sid: string | null; idToken: string } | null;
}

/** A diary's own words on its OpenID pages, where vendors word things differently. */
export interface DiaryOidcTexts {
  /** The gateway did not answer «Войти через Госуслуги». */
  unreachable: string;
  /** A callback this browser did not ask for, while signing in and while linking. */
  foreignSignIn: string;
  foreignLink: string;
  /** The link came back to a browser no longer signed in as the account that asked. */
  otherAccount: string;
  /** The gateway's account is not (or no longer) a login of the diary, or is blocked. */
  unknownAccount: string;
  blockedAccount: string;
}

/** What the OpenID pages need of a diary: its client, sessions, pages and words. */
export interface DiaryOidcPages<S extends OidcBrowserSession & BrowserSession> {
  /** Read on each request: the URL and the client are set once the diary listens. */
  ctx: { readonly url: string; readonly oidc: DiaryOidcClient | null };
  /**
   * The diary's sessions, and how one records a sign-in with the diary password typed on the gateway's own form
   * (amr pwd); one through Gosuslugi is `esia` in every diary.
   */
  web: { store: SessionStore<S>; cookies: CookieSessions<S>; passwordVia: NonNullable<S['via']> };
  /** The signed-in account and its page after a link or unlink; undefined when nobody is signed in. */
  signedIn(req: Request): { userId: string; linkedPage(what: 'linked' | 'removed'): string } | undefined;
  /** The diary's account of `userId`, or undefined. */
  account(userId: string): { blocked: boolean } | undefined;
  errorPage(title: string, text: string, next: { href: string; label: string }): string;
  /** The sign-in page (where a failed sign-in goes back to) and the page a signed-in person lands on. */
  signInPath: string;
  homePath: string;
  texts: DiaryOidcTexts;
}

const ESIA = 'Вход через Госуслуги';
const LINK = 'Привязка учетной записи портала Госуслуг';
const NO_GATEWAY = 'Вход через Госуслуги недоступен: шлюз ЕСИА не настроен.';

/**
 * A diary as a client of the gateway's OpenID Provider: «Войти через Госуслуги» (`GET /login/esia`), the
 * callback (`GET /oidc/callback`), where the diary's link button (a pushed request) comes back too, and the
 * gateway's back-channel logout (`POST /oidc/backchannel-logout`). A callback this browser did not ask for is
 * refused: that is what makes a carried code worthless.
 */
export function diaryOidcRoute<S extends OidcBrowserSession & BrowserSession>(d: DiaryOidcPages<S>): Router {
  const router = Router();
  const { ctx, texts } = d;
  const { store, cookies } = d.web;
  const fail = (res: Response, status: number, title: string, text: string, back = d.signInPath) =>
    res
      .status(status)
      .type('html')
      .send(
        d.errorPage(title, text, {
          href: back,
          label: back === d.signInPath ? 'Войти ещё раз' : 'Вернуться',
        }),
      );

  router.get('/login/esia', async (req, res) => {
    if (!ctx.oidc) return fail(res, 503, ESIA, NO_GATEWAY);
    const session = cookies.browserSession(store, req, res);
    let started;
    try {
      started = await ctx.oidc.signIn();
    } catch {
      return fail(res, 502, ESIA, texts.unreachable);
    }
    session.oidc = started.pending;
    res.redirect(303, started.url.href);
  });

  router.get('/oidc/callback', async (req: Request, res: Response) => {
    if (!ctx.oidc) return fail(res, 503, ESIA, NO_GATEWAY);
    const session = cookies.browserSession(store, req, res);
    const pending = session.oidc ?? undefined;
    session.oidc = null;
    const linking = pending?.intent === 'link' || pending?.intent === 'unlink';
    const title = linking ? LINK : ESIA;
    const back = linking ? '/settings' : d.signInPath;
    let result;
    try {
      result = await ctx.oidc.callback(new URL(req.originalUrl, ctx.url), pending);
    } catch (error) {
      if (error instanceof ForeignCallbackError)
        return fail(res, 400, title, linking ? texts.foreignLink : texts.foreignSignIn, back);
      if (error instanceof OidcRefusedError) {
        const { status, text } = refusalText(error, pending?.intent ?? 'sign-in');
        return fail(res, status, title, text, back);
      }
      return fail(res, 502, title, 'Портал госуслуг сейчас не отвечает. Попробуйте позже.', back);
    }
    const { claims } = result;
    if (linking) {
      // The diary's own check: the same account is still signed in here, and it is the one the gateway linked.
      const who = d.signedIn(req);
      if (!who || who.userId !== pending!.account || claims.sub !== pending!.account)
        return fail(res, 409, LINK, texts.otherAccount, '/settings');
      return res.type('html').send(who.linkedPage(claims['link'] === 'removed' ? 'removed' : 'linked'));
    }
    const account = d.account(claims.sub);
    if (!account) return fail(res, 404, ESIA, texts.unknownAccount);
    if (account.blocked) return fail(res, 403, ESIA, texts.blockedAccount);
    const amr = Array.isArray(claims['amr']) ? claims['amr'] : [];
    // amr esia: through Gosuslugi; pwd: the diary password typed on the gateway's own form.
    const via = amr.includes('esia') ? ('esia' as NonNullable<S['via']>) : d.web.passwordVia;
    const signedIn = cookies.signIn(store, req, res, claims.sub, via);
    if (typeof claims['org'] === 'string' && typeof claims['role'] === 'string')
      signedIn.chosen = { organizationId: claims['org'], role: claims['role'] };
    signedIn.gateway = {
      sid: typeof claims['sid'] === 'string' ? claims['sid'] : null,
      idToken: result.idToken,
    };
    res.redirect(303, d.homePath);
  });

  router.post('/oidc/backchannel-logout', async (req, res) => {
    const token = (req.body as Record<string, unknown> | undefined)?.['logout_token'];
    if (!ctx.oidc || typeof token !== 'string') return res.status(400).json({ error: 'invalid_request' });
    let sid;
    try {
      sid = await ctx.oidc.logoutSession(token);
    } catch {
      return res.status(400).json({ error: 'invalid_request' });
    }
    for (const [id, s] of store.sessions) if (s.gateway?.sid === sid) store.sessions.delete(id);
    res.status(200).set('Cache-Control', 'no-store').end();
  });
  return router;
}
