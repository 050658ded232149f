import { Router } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { int64, sendApiError, sendApiJson } from '../api.representation';
import { checkPassword } from '../password.checker';
import { actorOf } from './api-access';

const USER_TOKEN_SECONDS = 3600;

/**
 * `POST /v2/authorizations/password` `{ login, password }`: the password check a trusted client (the gateway)
 * makes. 200 gives the account and a user token; refusals are typed: 401 `invalidCredentials`, 403
 * `userBlocked`, 429 `tooManyAttempts` with Retry-After.
 */
export function apiAuthorizationsRoute(ctx: DnevnikContext): Router {
  const router = Router();
  router.post('/v2/authorizations/password', (req, res) => {
    if (actorOf(res).kind !== 'service')
      return sendApiError(res, 403, 'clientNotAllowed', 'Only a trusted client may check passwords');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.login !== 'string' || typeof body.password !== 'string' || !body.login)
      return sendApiError(res, 400, 'parameterInvalid', 'login and password are required');
    const outcome = checkPassword(ctx, body.login, body.password);
    if (outcome.ok) {
      const userId = outcome.person.userId;
      return sendApiJson(res, 200, {
        accessToken: ctx.store.issueUserToken(userId),
        expiresIn: USER_TOKEN_SECONDS,
        user: int64(userId),
        user_str: userId,
      });
    }
    if (outcome.why === 'invalidCredentials')
      return sendApiError(res, 401, 'invalidCredentials', 'Неверный логин или пароль');
    if (outcome.why === 'userBlocked')
      return sendApiError(res, 403, 'userBlocked', 'Учётная запись заблокирована');
    res.set('Retry-After', String(outcome.retryAfterSeconds));
    sendApiError(res, 429, 'tooManyAttempts', 'Слишком много попыток входа');
  });
  return router;
}
