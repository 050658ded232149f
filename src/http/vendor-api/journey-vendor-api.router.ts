import { Router, type RequestHandler } from 'express';
import type { JourneyDeps } from '../journeys/journey-deps';
import { linkStatusRoute } from './link-status.route';
import { linkTicketsRoute } from './link-tickets.route';
import { openapiRoute } from './openapi.route';
import { ssoExchangeRoute } from './sso-exchange.route';

/**
 * The journeys' part of `/api/vendor/v1`: link tickets, SSO exchange and link status, each behind the vendor
 * HMAC check (per route, so that no other route's nonce is spent twice); the OpenAPI document is public.
 */
export function journeyVendorApi(deps: JourneyDeps & { vendorAuth: RequestHandler }): Router {
  const router = Router();
  router.use(
    openapiRoute(deps.publicUrl),
    linkTicketsRoute(deps),
    ssoExchangeRoute(deps),
    linkStatusRoute(deps),
  );
  return router;
}
