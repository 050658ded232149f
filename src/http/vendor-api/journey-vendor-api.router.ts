import { Router, type RequestHandler } from 'express';
import type { JourneyDeps } from '../journeys/journey-deps';
import { linkStatusRoute } from './link-status.route';
import { openapiRoute } from './openapi.route';

/**
 * The journeys' part of `/api/vendor/v1`: the link status behind the vendor HMAC check; the OpenAPI document is
 * public. Sign-in and linking are no vendor API calls: a diary is an OpenID Connect client of the gateway.
 */
export function journeyVendorApi(deps: JourneyDeps & { vendorAuth: RequestHandler }): Router {
  const router = Router();
  router.use(openapiRoute(deps.publicUrl), linkStatusRoute(deps));
  return router;
}
