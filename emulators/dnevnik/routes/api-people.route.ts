import { Router, type Request, type Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import type { DnevnikPerson } from '../dnevnik.fixture';
import {
  membershipsJson,
  personJson,
  schoolJson,
  sendApiError,
  sendApiJson,
  userJson,
} from '../api.representation';
import { actorOf, idParam } from './api-access';

/** Read endpoints of the REST API v2: users (login accounts), persons (school records), children, schools. */
export function apiPeopleRoute(ctx: DnevnikContext): Router {
  const router = Router();
  const { store } = ctx;

  const withUser =
    (handle: (person: DnevnikPerson, res: Response) => void) => (req: Request, res: Response) => {
      const id = idParam(req, res, 'userId');
      if (id === null) return;
      const person = store.user(id);
      if (!person) return sendApiError(res, 404, 'userNotFound', 'No such user');
      handle(person, res);
    };
  const withPerson =
    (handle: (person: DnevnikPerson, res: Response) => void) => (req: Request, res: Response) => {
      const id = idParam(req, res, 'personId');
      if (id === null) return;
      const person = store.person(id);
      if (!person) return sendApiError(res, 404, 'personNotFound', 'No such person');
      handle(person, res);
    };
  const children = (person: DnevnikPerson, res: Response) =>
    sendApiJson(
      res,
      200,
      store.children(person).map((child) => personJson(child, store)),
    );

  router.get('/v2/users/me', (_req, res) => {
    const actor = actorOf(res);
    // The service credential is nobody: "me" needs a token issued to a user.
    if (actor.kind !== 'user')
      return sendApiError(res, 403, 'userContextRequired', 'A user token is required');
    const person = store.user(actor.userId);
    if (!person) return sendApiError(res, 404, 'userNotFound', 'No such user');
    sendApiJson(res, 200, userJson(person));
  });
  router.get(
    '/v2/users/:userId',
    withUser((p, res) => sendApiJson(res, 200, userJson(p))),
  );
  router.get(
    '/v2/users/:userId/memberships',
    withUser((p, res) => sendApiJson(res, 200, membershipsJson(p, store))),
  );
  router.get(
    '/v2/users/:userId/schools',
    withUser((p, res) =>
      sendApiJson(
        res,
        200,
        [...new Set(p.memberships.map((m) => m.school))].map((id) => schoolJson(store.school(id)!)),
      ),
    ),
  );
  router.get('/v2/users/:userId/children', withUser(children));
  router.get(
    '/v2/persons/:personId',
    withPerson((p, res) => sendApiJson(res, 200, personJson(p, store))),
  );
  router.get('/v2/persons/:personId/children', withPerson(children));
  return router;
}
