import { Router } from 'express';
import type { OidcProvider } from '../oidc/create-oidc';
import { signInStartHandler } from './sign-in-handlers';

/** `GET /auth/oidc/start?purpose=login|link|operator`: PKCE, nonce and a state bound to this session, then the provider. */
export function oidcStartRoute(provider: OidcProvider): Router {
  return Router().get(provider.paths.start, signInStartHandler(provider.strategy));
}
