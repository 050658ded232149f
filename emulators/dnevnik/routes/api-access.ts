import type { NextFunction, Request, Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { sendApiError } from '../api.representation';

/**
 * Reads `Access-Token` (alllexey123/dnevnik-partners-api network/AccessTokenInterceptor.java): a user's token,
 * issued by the password authorization. There is no server-wide token. No token is 401 `tokenRequired`, an
 * unknown one 401 `authorizationFailed` (both types of dnevnik-mobile-api model/response/ResponseType.java; which
 * the real API gives for which case is unconfirmed).
 */
export function requireUserToken(ctx: DnevnikContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = req.get('Access-Token') ?? '';
    if (!presented) return sendApiError(res, 401, 'tokenRequired', 'Access-Token is required');
    const userId = ctx.store.userTokens.get(presented);
    if (!userId) return sendApiError(res, 401, 'authorizationFailed', 'Access-Token is not valid');
    res.locals.userId = userId;
    next();
  };
}

/** The user the token belongs to (set by requireUserToken). */
export function tokenUser(res: Response): string {
  return res.locals.userId as string;
}

/** A path id is a decimal 64-bit number (or `me`); anything else is 400 `parameterInvalid`. */
export function idParam(req: Request, res: Response, name: string): string | null {
  const value = String(req.params[name] ?? '');
  if (value === 'me') return tokenUser(res);
  if (/^\d{1,19}$/.test(value)) return value;
  sendApiError(res, 400, 'parameterInvalid', `${name} must be a 64-bit number`);
  return null;
}
