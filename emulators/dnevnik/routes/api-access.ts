import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { sendApiError } from '../api.representation';

/** Who an API call acts as: the trusted service (the gateway's credential) or one user (a token from a sign-in). */
export type ApiActor = { kind: 'service' } | { kind: 'user'; userId: string };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads `Access-Token`; no token or an unknown one is 401 `invalidToken`, before any data is looked at. */
export function requireAccessToken(ctx: DnevnikContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = req.get('Access-Token') ?? '';
    let actor: ApiActor | null = null;
    if (presented && sameSecret(presented, ctx.accessToken)) actor = { kind: 'service' };
    else {
      const userId = ctx.store.userTokens.get(presented);
      if (userId) actor = { kind: 'user', userId };
    }
    if (!actor) return sendApiError(res, 401, 'invalidToken', 'Access-Token is missing or not valid');
    res.locals.actor = actor;
    next();
  };
}

/** The actor set by requireAccessToken. */
export function actorOf(res: Response): ApiActor {
  return res.locals.actor as ApiActor;
}

/** A path id is a decimal 64-bit number; anything else is 400 `parameterInvalid` (never a 404). */
export function idParam(req: Request, res: Response, name: string): string | null {
  const value = String(req.params[name] ?? '');
  if (/^\d{1,19}$/.test(value)) return value;
  sendApiError(res, 400, 'parameterInvalid', `${name} must be a 64-bit number`);
  return null;
}
