import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { ROLES } from '../../core/policy';
import type {
  PasswordDecisionAnswer,
  PasswordDecisionInput,
} from '../../services/password-decision.use-case';
import { countNothing, type CountActivity } from '../../core/activity';

const Body = z.object({
  userId: z.string().min(1).max(128),
  birthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullish(),
  roles: z.array(z.enum(ROLES)).max(4).optional(),
});

/** What the routes need: the vendor HMAC check and the decision. */
export interface PasswordDecisionRouteDeps {
  readonly vendorAuth: RequestHandler;
  readonly decide: (input: PasswordDecisionInput) => Promise<PasswordDecisionAnswer>;
  /** Counts a password sign-in the decision lets through (the vendor then checks the password itself). */
  readonly activity?: CountActivity;
}

/**
 * `POST /password-login/decision` and `POST /password-reset/decision` (mounted under /api/vendor/v1): the
 * instance is the one the vendor key speaks for, never one named in the body. Reset obeys the same decision.
 */
export function passwordDecisionRoutes(deps: PasswordDecisionRouteDeps): Router {
  const router = Router();
  router.post(['/password-login/decision', '/password-reset/decision'], deps.vendorAuth, async (req, res) => {
    const parsed = Body.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const answer = await deps.decide({ instanceId: req.vendor!.instanceId, ...parsed.data });
    if (req.path.startsWith('/password-login/') && answer.decision !== 'deny')
      (deps.activity ?? countNothing)('sign_in_password_decision', req.vendor!.instanceId);
    res.set('Cache-Control', 'no-store').json(answer);
  });
  return router;
}
