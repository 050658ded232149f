import { Router } from 'express';
import type { EsiaStrategy } from '../esia/esia.strategy';
import { signInStartHandler } from './sign-in-handlers';

/** `GET /auth/esia/start?purpose=login|link|operator`: a signed redirect to ESIA, state bound to this session. */
export function esiaStartRoute(strategy: EsiaStrategy): Router {
  return Router().get('/auth/esia/start', signInStartHandler(strategy));
}
