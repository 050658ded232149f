import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * The password decisions without Express's router (issue 11, item 2): the profile of the decision bench showed
 * the router's per-layer matching (seven app-level layers, the /api mount, the API router, the vendor router and
 * the route, each a path match, prefix trim and parameter pass) among the largest costs of a decision that is
 * otherwise a few microseconds of policy. The decision's exact paths are recognised once, and the SAME
 * middleware the general stack runs (request id, request log line, metrics, draining, security headers, JSON
 * body with its raw bytes, HMAC and nonce, the route) run in order; errors go to the app's one error handler.
 * Anything else — another method, a query string, another path — takes the general stack untouched.
 */
export function leanVendorPath(options: {
  /** The exact request targets served here (`req.url`, no query string). */
  readonly paths: readonly string[];
  /** The metrics label of these requests (the route the general stack would have matched). */
  readonly route: string;
  readonly chain: readonly RequestHandler[];
}): RequestHandler {
  const paths = new Set(options.paths);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !paths.has(req.url)) return next();
    res.locals['route'] = options.route;
    let index = 0;
    const step = (err?: unknown): void => {
      // `next('route')`/`next('router')` have no meaning outside a router: treated as the end of the chain.
      if (err !== undefined && err !== 'route' && err !== 'router') return next(err);
      const handler = options.chain[index++];
      if (!handler) return;
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(step);
      } catch (error) {
        step(error);
      }
    };
    step();
  };
}
