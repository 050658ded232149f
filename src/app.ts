import express, { type Express, type RequestHandler } from 'express';
import type session from 'express-session';
import passport from 'passport';
import type { Config } from './config';
import type { Clock } from './core/clock';
import type { Logger } from './logger';
import type { EsiaStrategy } from './esia/esia.strategy';
import type { OidcProvider } from './oidc/create-oidc';
import { csrfProtection } from './http/csrf';
import { esiaCallbackRoute } from './http/esia-callback.route';
import { esiaStartRoute } from './http/esia-start.route';
import { signInStartHandler } from './http/sign-in-handlers';
import { esiaJourneyCallbackRoute } from './http/journeys/esia-journey-callback.route';
import type { JourneyDeps } from './http/journeys/journey-deps';
import { journeyRoutes } from './http/journeys/journeys.router';
import { journeyVendorApi } from './http/vendor-api/journey-vendor-api.router';
import { errorHandler, notFound } from './http/error-handler';
import { malformedUrl } from './http/malformed-url';
import { healthRoutes, type DiaryReadiness, type ReadinessCheck } from './http/health.routes';
import { homeRoutes } from './http/home.routes';
import { oidcCallbackRoute } from './http/oidc-callback.route';
import { oidcStartRoute } from './http/oidc-start.route';
import { infoRoutes } from './http/info.routes';
import { bearerOperator } from './http/ops/operator-auth';
import { opsApiRoutes } from './http/ops/ops-api.routes';
import { opsConsoleRoutes } from './http/ops/ops-console.routes';
import {
  PASSWORD_DECISION_PATHS,
  passwordDecisionHandler,
  passwordDecisionRoutes,
} from './http/vendor-api/password-decision.route';
import { serveLeanPaths } from './http/vendor-api/lean-vendor-path';
import { leaveNonceToRoute } from './http/vendor-api/vendor-auth.middleware';
import type { CutoverFeature } from './services/cutover-feature';
import type { PersonDataService } from './services/person-data.service';
import type { CountActivity } from './core/activity';
import { dependencyHealth } from './services/dependency-health';
import { closeConnectionsWhenDraining, type Lifecycle } from './http/lifecycle';
import type { Metrics } from './http/metrics';
import { redirectToPublicHost } from './http/public-host';
import { requestContext, requestLogger } from './http/request-context';
import { securityHeaders } from './http/security-headers';
import { sessions } from './http/sessions';
import { fromRoot } from './paths';
import { PROVIDER_PATH } from './provider/provider.settings';
import type { ProviderHost } from './provider/provider-host';

/** Everything the app needs from outside, built by the composition root (src/main.ts) or by a test. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  sessionStore: session.Store;
  readiness: ReadinessCheck[];
  metrics: Metrics;
  lifecycle: Lifecycle;
  /** ESIA sign-in; absent in tests that do not need it. */
  esia?: { strategy: EsiaStrategy };
  /** Plain OIDC providers (the one OIDC_ISSUER configures; tests add a second one); none when absent. */
  oidc?: readonly OidcProvider[];
  /** Verifies the HMAC of vendor API requests (vendorAuthentication); absent in tests that do not need it. */
  vendorAuth?: RequestHandler;
  /** The cutover policy: password decisions, the information page; absent in tests that do not need it. */
  cutover?: CutoverFeature;
  /** The link, sign-in, access-request and unlink journeys and their vendor API; absent in tests that do not need them. */
  journeys?: JourneyDeps;
  /** The gateway's OpenID Provider for the diaries, mounted at /oidc; absent in tests that do not need it. */
  provider?: Pick<ProviderHost, 'handle'>;
  /** A person's data on request (export, erase) in the ops API and console; needs `cutover` (the operators). */
  personData?: PersonDataService;
  /** Counts sign-ins for the console and /metrics (src/services/activity.ts); nothing when absent. */
  activity?: CountActivity;
  /** Whether each diary's server has the routes its adapter calls (/readyz, the console); unknown when absent. */
  diaryRoutes?: DiaryReadiness;
}

/**
 * Builds the Express app: what supertest imports and what main.ts serves. Order matters: context and headers
 * first, then machine endpoints (JSON body only, no session), then the browser part with sessions, forms and CSRF.
 */
export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  // No ETag on what the app sends itself: its answers are personal or no-store, never revalidated, and hashing
  // every body cost each password decision ≈ 2.5 % of its CPU (issue 11). Static files keep theirs.
  app.set('etag', false);

  // Every request's first steps, in this order, on the general stack and on the lean vendor path alike.
  const first: RequestHandler[] = [
    requestContext(deps.logger),
    requestLogger(deps.logger),
    deps.metrics.observeRequests(),
    closeConnectionsWhenDraining(deps.lifecycle),
    securityHeaders({ behindTls: config.behindTls }),
    redirectToPublicHost(config.publicUrl),
  ];

  // The raw bytes are kept because vendor requests are signed over the body exactly as sent.
  const keepRawBody = (req: express.Request, _res: unknown, buf: Buffer) => {
    req.rawBody = buf;
  };
  const json = express.json({ limit: config.bodyLimit, verify: keepRawBody });
  // Express 5 leaves req.body undefined when no parser took the request (no body, multipart, text): handlers
  // read fields from {} and refuse with a 4xx, as under Express 4, instead of failing on undefined (a 500).
  const bodyOrEmpty: RequestHandler = (req, _res, next) => {
    req.body ??= {};
    next();
  };

  const decisions =
    deps.cutover && deps.vendorAuth
      ? passwordDecisionHandler({
          decide: deps.cutover.decide,
          ...(deps.activity ? { activity: deps.activity } : {}),
        })
      : undefined;
  if (decisions && deps.vendorAuth)
    serveLeanPaths(app, {
      paths: PASSWORD_DECISION_PATHS.map((p) => `/api/vendor/v1${p}`),
      route: `/api/vendor/v1${PASSWORD_DECISION_PATHS.join(',')}`,
      chain: [...first, json, bodyOrEmpty, leaveNonceToRoute, deps.vendorAuth, decisions],
      onError: errorHandler,
    });
  for (const handler of first) app.use(handler);

  // The OpenID Provider parses its own requests and answers its own errors (OAuth JSON, or the diary's
  // redirect_uri): mounted before the body parsers, sessions and CSRF of the gateway's pages.
  if (deps.provider) app.use(PROVIDER_PATH, deps.provider.handle);

  // Machine clients authenticate every request themselves (HMAC, bearer tokens): no cookies, no CSRF, and
  // JSON only. Mounted first, so their requests pass nothing browser-only (static files, form parser).
  const api = express.Router();
  if (deps.cutover) {
    const { ops, operatorTokens } = deps.cutover;
    api.use('/ops/v1', opsApiRoutes(ops, bearerOperator(operatorTokens, deps.clock), deps.personData));
  }
  // Reached only by what the lean path passed on (a query string on a decision's path, say): same handler.
  if (decisions && deps.vendorAuth)
    api.use('/vendor/v1', passwordDecisionRoutes({ vendorAuth: deps.vendorAuth, handler: decisions }));
  if (deps.journeys && deps.vendorAuth)
    api.use('/vendor/v1', journeyVendorApi({ ...deps.journeys, vendorAuth: deps.vendorAuth }));
  api.use(notFound);
  app.use('/api', json, bodyOrEmpty, api);

  app.use(
    healthRoutes({
      checks: deps.readiness,
      lifecycle: deps.lifecycle,
      ...(deps.diaryRoutes ? { diaries: deps.diaryRoutes } : {}),
    }),
  );
  app.use('/static', express.static(fromRoot('public'), { maxAge: '1h', index: false }));
  // Browsers ask for /favicon.ico whatever the page declares: the same icon, not a 404 on every page.
  app.get('/favicon.ico', (_req, res) => {
    res.type('image/svg+xml').sendFile(fromRoot('public/favicon.svg'), { maxAge: '1d' });
  });

  app.use(
    express.urlencoded({
      extended: false,
      limit: config.bodyLimit,
      parameterLimit: 200,
      verify: keepRawBody,
    }),
  );
  app.use(json);
  app.use(bodyOrEmpty);

  const browser = express.Router();
  browser.use(sessions(config, deps.sessionStore));
  browser.use(passport.initialize());
  browser.use(csrfProtection());
  browser.use(homeRoutes());
  if (deps.cutover)
    browser.use(
      infoRoutes({ policies: deps.cutover.policies, clock: deps.clock, publicUrl: config.publicUrl }),
    );
  if (deps.cutover) {
    const health = dependencyHealth({
      esiaBaseUrl: config.esiaBaseUrl,
      diaries: deps.journeys?.diaries,
      ...(deps.diaryRoutes ? { routes: deps.diaryRoutes } : {}),
    });
    browser.use(opsConsoleRoutes(deps.cutover.ops, deps.cutover.operators, deps.personData, health));
  }
  if (deps.journeys)
    browser.use(
      journeyRoutes({
        ...deps.journeys,
        ...(deps.cutover ? { cutover: deps.cutover } : {}),
        ...(deps.esia ? { startEsiaSignIn: signInStartHandler(deps.esia.strategy, 'login') } : {}),
      }),
    );
  if (deps.journeys && deps.esia) browser.use(esiaJourneyCallbackRoute(deps.esia.strategy, deps.journeys));
  if (deps.esia) browser.use(esiaStartRoute(deps.esia.strategy), esiaCallbackRoute(deps.esia.strategy));
  for (const provider of deps.oidc ?? [])
    browser.use(oidcStartRoute(provider), oidcCallbackRoute(provider, deps.activity));
  app.use(browser);

  app.use(notFound);
  app.use(malformedUrl);
  app.use(errorHandler);
  return app;
}
