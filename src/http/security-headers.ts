import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Strict headers for every response. The CSP allows no inline script or style and no framing
 * (clickjacking); `form-action 'self'` holds because every redirect to ESIA starts from a GET on our own
 * origin (STACK.md). No referrer ever leaves: callback URLs carry codes and state.
 */
export function securityHeaders(options: { behindTls: boolean }): RequestHandler {
  return sameHeadersEveryTime(securityHeadersByHelmet(options));
}

/** Helmet configured as above, run per request: what securityHeaders records once (exported for its test). */
export function securityHeadersByHelmet(options: { behindTls: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(options.behindTls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.behindTls ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * Helmet's headers, asked of helmet once and then set on every response. Helmet's fourteen middleware, each a
 * call and a closure per request, were ≈ 2 % of a password decision's CPU and 3 % of the bytes it allocates
 * (issue 11). Sound because nothing here depends on the request: no directive is a function (a per-request
 * nonce would be), and helmet only sets headers and removes X-Powered-By. A middleware that does anything
 * else while recorded fails here at start-up, and test/unit/security-headers.test.ts compares the headers with
 * helmet's own on a real response.
 */
export function sameHeadersEveryTime(middleware: RequestHandler): RequestHandler {
  const headers: Array<[string, string]> = [];
  const removed: string[] = [];
  let passedOn = false;
  const recorder = {
    setHeader(name: string, value: string) {
      headers.push([name, value]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  void middleware({} as Request, recorder as unknown as Response, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    passedOn = true;
  });
  if (!passedOn) throw new Error('security headers: helmet did not finish synchronously');
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
