import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Persona } from '../../fixtures/personas.fixture';
import type { EmulatorContext } from '../esia-emulator.options';
import { COLLECTIONS, PERSON_SCOPES, personResource } from '../person.resources';
import type { IssuedAccess } from '../state/emulator.store';

interface Authorized {
  persona: Persona;
  access: IssuedAccess;
}

const forbidden = (res: Response) =>
  res
    .status(403)
    .json({ code: 'ESIA-FORBIDDEN', message: 'Access to the resource is not granted for this token scope' });

/** Bearer token issued by this emulator, valid now, for the oid in the path; else 401 or 403. */
function authorize(ctx: EmulatorContext, req: Request, res: Response): Authorized | undefined {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const access = match ? ctx.store.accessTokens.get(match[1]!) : undefined;
  const now = ctx.clock.now().getTime() / 1000;
  if (!access || now >= access.exp || now < access.nbf) {
    res
      .set('WWW-Authenticate', 'Bearer error="invalid_token"')
      .status(401)
      .json({ code: 'ESIA-UNAUTHORIZED', message: 'invalid token' });
    return undefined;
  }
  const persona = ctx.personas.find((p) => String(p.oid) === req.params.oid);
  if (!persona || persona.oid !== access.oid) {
    forbidden(res);
    return undefined;
  }
  return { persona, access };
}

const allows = (access: IssuedAccess, scopes: string[]) => scopes.some((s) => access.scopes.has(s));

/** `GET /rs/prns/{oid}` and its collections (`?embed=(elements)` inlines them); an ungranted scope is a 403. */
export function personRoute(ctx: EmulatorContext): Router {
  const router = Router();
  const baseUrl = (req: Request) => `${req.protocol}://${req.get('host')}`;

  router.get('/rs/prns/:oid', (req: Request, res: Response) => {
    const auth = authorize(ctx, req, res);
    if (!auth) return;
    if (!allows(auth.access, PERSON_SCOPES)) return forbidden(res);
    res.json(personResource(auth.persona, auth.access.scopes));
  });

  router.get('/rs/prns/:oid/:collection{/:id}', (req: Request, res: Response, next: NextFunction) => {
    const collection = COLLECTIONS[String(req.params.collection)];
    if (!collection) return next();
    const auth = authorize(ctx, req, res);
    if (!auth) return;
    if (!allows(auth.access, collection.scopes)) return forbidden(res);
    const elements = collection.elements(auth.persona, auth.access.scopes);
    if (req.params.id !== undefined) {
      const element = elements.find((e) => String(e.id) === req.params.id);
      return element
        ? res.json(element)
        : res.status(404).json({ code: 'ESIA-NOT-FOUND', message: 'not found' });
    }
    const embed = String(req.query.embed ?? '') === '(elements)';
    const base = `${baseUrl(req)}/rs/prns/${auth.persona.oid}/${req.params.collection}`;
    res.json({
      stateFacts: ['hasSize'],
      size: elements.length,
      elements: embed ? elements : elements.map((e) => `${base}/${e.id}`),
    });
  });
  return router;
}
