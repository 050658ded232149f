import { Router } from 'express';
import { accessRequestNewRoute } from './access-request-new.route';
import { accessRequestShowRoute } from './access-request-show.route';
import { identifyRoute } from './identify.route';
import type { JourneyDeps } from './journey-deps';
import { linkConfirmRoute } from './link-confirm.route';
import { linkDoneRoute } from './link-done.route';
import { linkNoticeRoute } from './link-notice.route';
import { linkPasswordRoute } from './link-password.route';
import { linkStartRoute } from './link-start.route';
import { loginChooseRoute } from './login-choose.route';
import { loginEsiaRoute } from './login-esia.route';
import { staffRequestDecisionRoute } from './staff-request-decision.route';
import { staffRequestsRoute } from './staff-requests.route';
import { unlinkConfirmRoute } from './unlink-confirm.route';

/** Every page of flows A, B, D and E (the ESIA callback continues them through after-esia.ts). */
export function journeyRoutes(deps: JourneyDeps): Router {
  const router = Router();
  router.use(
    linkStartRoute(deps),
    linkPasswordRoute(deps),
    linkNoticeRoute(deps),
    linkConfirmRoute(deps),
    linkDoneRoute(deps),
    unlinkConfirmRoute(deps),
    loginEsiaRoute(deps),
    loginChooseRoute(deps),
    accessRequestNewRoute(deps),
    accessRequestShowRoute(deps),
    identifyRoute(),
    staffRequestsRoute(deps),
    staffRequestDecisionRoute(deps),
  );
  return router;
}
