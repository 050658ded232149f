import { Router } from 'express';
import { interactionEndRoute } from '../interaction/interaction-end.route';
import { interactionStartRoute, type InteractionStartDeps } from '../interaction/interaction-start.route';
import { accessRequestNewRoute } from './access-request-new.route';
import { accessRequestShowRoute } from './access-request-show.route';
import { identifyRoute } from './identify.route';
import { interactionPasswordRoute, type PasswordStepDeps } from './interaction-password.route';
import { linkConfirmRoute } from './link-confirm.route';
import { linkNoticeRoute } from './link-notice.route';
import { loginChooseRoute } from './login-choose.route';
import { staffRequestDecisionRoute } from './staff-request-decision.route';
import { staffRequestsRoute } from './staff-requests.route';
import { unlinkConfirmRoute } from './unlink-confirm.route';

/**
 * Every page of flows A, B, C (the gateway's password form), D and E. A diary's request enters through the
 * provider's interaction (`/interaction/:uid`) and ends there; the ESIA callback continues through after-esia.ts.
 */
export function journeyRoutes(deps: PasswordStepDeps & InteractionStartDeps): Router {
  const router = Router();
  router.use(
    interactionStartRoute(deps),
    interactionEndRoute(deps),
    interactionPasswordRoute(deps),
    linkNoticeRoute(deps),
    linkConfirmRoute(deps),
    unlinkConfirmRoute(deps),
    loginChooseRoute(deps),
    accessRequestNewRoute(deps),
    accessRequestShowRoute(deps),
    identifyRoute(),
    staffRequestsRoute(deps),
    staffRequestDecisionRoute(deps),
  );
  return router;
}
