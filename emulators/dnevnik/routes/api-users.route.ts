import { Router, type Request, type Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import type { DnevnikPerson } from '../dnevnik.fixture';
import { contextJson, int64, personJson, sendApiError, sendApiJson, userJson } from '../api.representation';
import { idParam, requireUserToken, tokenUser } from './api-access';

/**
 * The user reads of the REST API v2 the public clients call, each with a user's token:
 * - `/v2/users/me`, `/v2/users/{user}`: the User model (alllexey123/dnevnik-partners-api DnevnikPartnersApi.java
 *   getUser, getUserById);
 * - `/v2/users/me/context`, `/v2/users/{userId}/context` (getContext, getContextById; kesha1225/DnevnikRuAPI
 *   get_context, get_user_context);
 * - `/v2/users/me/children`: the ids of the user's children's accounts (kesha1225 README: «Список id
 *   пользователей детей текущего пользователя»), as bare numbers;
 * - `/v2/user/{userID}/children` (singular `user`: kesha1225 get_user_children): the children's school records
 *   (Person.java; the shape of this answer is unconfirmed).
 * Whose data a user's token may read is the real API's permission model, which no client shows: here any user
 * may read any account, as the gateway never relies on it.
 */
export function apiUsersRoute(ctx: DnevnikContext): Router {
  const router = Router();
  const { store } = ctx;
  // A route that exists asks for the token; one that does not is the API's HTML 404 (the server's fallback).
  const auth = requireUserToken(ctx);

  const withUser =
    (handle: (person: DnevnikPerson, res: Response) => void) => (req: Request, res: Response) => {
      const id = idParam(req, res, 'userId');
      if (id === null) return;
      const person = store.user(id);
      // The real API's answer for an unknown id is unconfirmed; the envelope's generic type stands in.
      if (!person) return sendApiError(res, 404, 'apiUnknownError', 'User not found');
      handle(person, res);
    };

  router.get(
    '/v2/users/:userId',
    auth,
    withUser((p, res) => sendApiJson(res, 200, userJson(p))),
  );
  router.get(
    '/v2/users/:userId/context',
    auth,
    withUser((p, res) => sendApiJson(res, 200, contextJson(p, store))),
  );
  router.get('/v2/users/me/children', auth, (_req, res) => {
    const person = store.user(tokenUser(res))!;
    sendApiJson(
      res,
      200,
      store.children(person).flatMap((child) => (child.userId === null ? [] : [int64(child.userId)])),
    );
  });
  router.get(
    '/v2/user/:userId/children',
    auth,
    withUser((p, res) =>
      sendApiJson(
        res,
        200,
        store.children(p).map((child) => personJson(child)),
      ),
    ),
  );
  return router;
}
