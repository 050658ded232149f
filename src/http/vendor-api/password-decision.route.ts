import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { ROLES } from '../../core/policy';
import type {
  PasswordDecisionAnswer,
  PasswordDecisionInput,
} from '../../services/password-decision.use-case';
import { countNothing, type CountActivity } from '../../core/activity';
import { fullPath } from '../request-context';
import { leaveNonceToRoute } from './vendor-auth.middleware';

const Body = z.object({
  userId: z.string().min(1).max(128),
  birthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullish(),
  roles: z.array(z.enum(ROLES)).max(4).optional(),
});

/** What the handler needs: the decision, and who counts the sign-ins it lets through. */
export interface PasswordDecisionHandlerDeps {
  readonly decide: (input: PasswordDecisionInput) => Promise<PasswordDecisionAnswer>;
  /** Counts a password sign-in the decision lets through (the vendor then checks the password itself). */
  readonly activity?: CountActivity;
}

/** The two decisions' paths under /api/vendor/v1. Reset obeys the same decision. */
export const PASSWORD_DECISION_PATHS = ['/password-login/decision', '/password-reset/decision'] as const;

/**
 * A decision, once the vendor's HMAC is verified (`req.vendor`): the instance is the one the vendor key speaks
 * for, never one named in the body. Served by the lean path (src/http/vendor-api/lean-vendor-path.ts) and by
 * the router below alike, so it reads the full path, not the path inside a router.
 */
export function passwordDecisionHandler(deps: PasswordDecisionHandlerDeps): RequestHandler {
  const count = deps.activity ?? countNothing;
  return async (req, res) => {
    const parsed = Body.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const { instanceId, nonce } = req.vendor!;
    // The nonce, left unspent by the authentication (`leaveNonceToRoute`), is spent with the limits' count.
    const answer = await deps.decide({ instanceId, ...parsed.data, ...(nonce ? { nonce } : {}) });
    if (fullPath(req).endsWith(PASSWORD_DECISION_PATHS[0]) && answer.decision !== 'deny')
      count('sign_in_password_decision', req.vendor!.instanceId);
    sendAnswer(res, answer);
  };
}

/**
 * The answer as `res.set('Cache-Control', 'no-store').json(answer)` sends it, written directly: Express's
 * res.json and res.send parse and re-format the Content-Type for its charset and check freshness and ETag
 * settings on each call, work a decision answered thousands of times a second does not need (issue 11).
 */
function sendAnswer(res: Response, answer: PasswordDecisionAnswer): void {
  const body = JSON.stringify(answer);
  res.statusCode = 200;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** `POST /password-login/decision` and `POST /password-reset/decision`, mounted under /api/vendor/v1. */
export function passwordDecisionRoutes(deps: {
  vendorAuth: RequestHandler;
  handler: RequestHandler;
}): Router {
  const router = Router();
  router.post([...PASSWORD_DECISION_PATHS], leaveNonceToRoute, deps.vendorAuth, deps.handler);
  return router;
}
