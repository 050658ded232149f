import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

type DispatchRequest = (req: Request, res: Response, done: NextFunction) => void;

/**
 * The password decisions without Express's router (issue 11, item 2). The profile of the decision bench showed
 * the router's per-layer matching (the app's layers, the /api mount, the API router, the vendor router and the
 * route, each a path match, prefix trim and parameter pass) among the largest costs of a decision that is
 * otherwise a few microseconds of policy; and once the decision was served by the app's first layer, the router's
 * own dispatch (its `next` closure, the request fields it saves and restores) was still ≈ a tenth of the bytes a
 * decision allocates. So the app's router is asked to hand over the decision's exact paths before it dispatches:
 * Express has already set the request up (its prototypes, `res.locals`, the final handler), and the SAME
 * middleware the general stack runs (request id, request log line, metrics, draining, security headers, JSON
 * body with its raw bytes, HMAC and nonce, the route) run in order; an error goes to the app's one error handler.
 * Anything else — another method, a query string, another path — is dispatched by the router untouched.
 */
export function serveLeanPaths(
  app: Express,
  options: {
    /** The exact request targets served here (`req.url`, no query string). */
    readonly paths: readonly string[];
    /** The metrics label of these requests (the route the general stack would have matched). */
    readonly route: string;
    readonly chain: readonly RequestHandler[];
    /** The app's error handler: what the general stack's errors end in. */
    readonly onError: ErrorRequestHandler;
  },
): void {
  const paths = new Set(options.paths);
  // Express 5's app.handle ends in `app.router.handle(req, res, done)` (the `router` package's dispatch, which its
  // types leave out): replaced by one that serves these paths first. test/unit/lean-vendor-path.test.ts
  // fails if an upgrade stops calling it.
  const router = app.router as unknown as { handle: DispatchRequest };
  const dispatch: DispatchRequest = router.handle.bind(router);
  router.handle = (req: Request, res: Response, done: NextFunction): void => {
    if (req.method !== 'POST' || !paths.has(req.url)) return dispatch(req, res, done);
    // What the router sets on a request it dispatches from the top: handlers read the full path from these.
    req.baseUrl = '';
    req.originalUrl = req.url;
    res.locals['route'] = options.route;
    let index = 0;
    const fail = (err: unknown): void => {
      try {
        options.onError(err, req, res, done);
      } catch (error) {
        done(error);
      }
    };
    const step = (err?: unknown): void => {
      // `next('route')`/`next('router')` have no meaning outside a router: treated as the end of the chain, and
      // a chain that ends without answering gets Express's final handler (a 404), never a hanging request.
      if (err !== undefined && err !== 'route' && err !== 'router') return fail(err);
      const handler = err === undefined ? options.chain[index++] : undefined;
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    step();
  };
}
