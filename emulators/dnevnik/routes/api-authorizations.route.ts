import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { int64, sendApiError, sendApiJson } from '../api.representation';
import { checkPassword } from '../password.checker';

const USER_TOKEN_SECONDS = 3600;

/** Where the password authorization is (alllexey123/dnevnik-mobile-api DnevnikApi.java `login`). */
export const BYCREDENTIALS_PATH = '/mobile/v8.5/authorizations/bycredentials';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `POST /mobile/v8.5/authorizations/bycredentials`: an application's password authorization, with the body of
 * dnevnik-mobile-api model/request/LoginRequest.java (`clientId`, `clientSecret`, `scope`, `username`,
 * `password`, `agreeTerms`; Gson's default names). 200 gives LoginResponse.java: `credentials` with a user's
 * `accessToken`, `refreshToken`, `expiresIn`, `scope` and `userId` as a bare number (CredentialsDeserializer.java).
 *
 * The refusals are the envelope `{ type, description }`; a wrong login or password is `authorizationFailed`
 * (ResponseType.java, kesha1225/DnevnikRuAPI `_check_response`). Unconfirmed, as no client shows them: the HTTP
 * status of a refusal (401 here), an unknown application (400 `invalidRequest` here), a blocked account
 * (`authorizationFailed` with `reason: "UserBlocked"` here; LoginResponse.java declares `reason`) and the
 * throttling of guesses (429 with Retry-After here).
 */
export function apiAuthorizationsRoute(ctx: DnevnikContext): Router {
  const router = Router();
  router.post(BYCREDENTIALS_PATH, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { clientId, clientSecret, username, password } = body;
    if (typeof username !== 'string' || typeof password !== 'string' || !username)
      return sendApiError(res, 400, 'parameterInvalid', 'username and password are required');
    const application = ctx.applications.find((a) => a.clientId === clientId);
    if (!application || typeof clientSecret !== 'string' || !same(clientSecret, application.clientSecret))
      return sendApiError(res, 400, 'invalidRequest', 'Unknown client');
    const outcome = checkPassword(ctx, username, password);
    if (outcome.ok) {
      const userId = outcome.person.userId;
      return sendApiJson(res, 200, {
        type: 'Success',
        description: null,
        credentials: {
          accessToken: ctx.store.issueUserToken(userId),
          refreshToken: randomBytes(24).toString('base64url'),
          expiresIn: USER_TOKEN_SECONDS,
          scope: typeof body.scope === 'string' ? body.scope : 'CommonInfo',
          userId: int64(userId),
        },
        reason: null,
        teacherAppLink: null,
      });
    }
    if (outcome.why === 'invalidCredentials')
      return sendApiError(res, 401, 'authorizationFailed', 'Неверный логин или пароль');
    if (outcome.why === 'userBlocked')
      return sendApiError(res, 401, 'authorizationFailed', 'Учётная запись заблокирована', {
        reason: 'UserBlocked',
      });
    res.set('Retry-After', String(outcome.retryAfterSeconds));
    sendApiError(res, 429, 'Error', 'Слишком много попыток входа');
  });
  return router;
}
