import type { NextFunction, Request, Response } from 'express';
import { fullPath } from './request-context';

/**
 * Where machines call the gateway, possibly at an internal host name: the vendor and operators' APIs, the
 * health probes, a scraper looking for /metrics (served on its own port, a 404 here) and the provider's back-channel endpoints (token, pushed requests, keys, discovery). Only the
 * provider's two browser endpoints (the authorization request and the logout page) are a person's.
 */
const MACHINE_PATH =
  /^\/(?:api(?:\/|$)|healthz$|readyz$|metrics$|oidc(?:\/(?!auth(?:\/|$)|session\/end(?:\/|$))|$))/;

/**
 * A person's browser at another host name than PUBLIC_URL's (http://127.0.0.1:3000 for http://localhost:3000,
 * an alias of the public name) is sent to the same path at PUBLIC_URL before any journey starts: cookies,
 * the provider's interaction and ESIA's return address belong to PUBLIC_URL's host, and a journey begun
 * elsewhere would end on «страница устарела». Only GET and HEAD are redirected (a form posted elsewhere was never
 * served there); the host is the one the client asked for (X-Forwarded-Host behind TRUST_PROXY).
 */
export function redirectToPublicHost(publicUrl: string) {
  const target = new URL(publicUrl);
  const base = publicUrl.replace(/\/+$/, '');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.hostname === target.hostname || MACHINE_PATH.test(fullPath(req))) return next();
    const query = req.originalUrl.indexOf('?');
    const rest = fullPath(req).replace(/^\/+/, '/') + (query === -1 ? '' : req.originalUrl.slice(query));
    res.set('Cache-Control', 'no-store').redirect(302, `${base}${rest}`);
  };
}
