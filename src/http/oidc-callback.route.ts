import { Router } from 'express';
import type { OidcProvider } from '../oidc/create-oidc';
import { OidcStateError } from '../oidc/oidc.errors';
import type { OidcSignIn } from '../oidc/oidc.strategy';
import { countNothing, type CountActivity } from '../core/activity';
import { signInCallbackHandler } from './sign-in-handlers';

/** What the session keeps of an OIDC sign-in: the link key (issuer + subject), the purpose, a name. No tokens. */
export interface OidcSessionPerson {
  readonly provider: string;
  readonly issuer: string;
  readonly subject: string;
  readonly purpose: OidcSignIn['purpose'];
  readonly displayName: string;
}

function minimal(signIn: OidcSignIn): OidcSessionPerson {
  return {
    provider: signIn.provider,
    issuer: signIn.issuer,
    subject: signIn.subject,
    purpose: signIn.purpose,
    displayName: signIn.displayName ?? signIn.subject,
  };
}

/** `GET /auth/oidc/callback`: success rotates the session and keeps the minimal person; refusals and faults go to the error handler. */
export function oidcCallbackRoute(provider: OidcProvider, activity: CountActivity = countNothing): Router {
  return Router().get(
    provider.paths.callback,
    signInCallbackHandler(provider.strategy, {
      sessionKey: 'oidc',
      toSession: (signIn: OidcSignIn, req) => {
        // A plain OIDC sign-in started from a diary's sign-in (the session holds its login journey) is that
        // diary's, in its region; one started at the gateway's own page belongs to no diary and no region.
        const journey = req.session?.journey;
        if (signIn.purpose === 'login')
          activity('sign_in_oidc', journey?.kind === 'login' ? journey.instanceId : null);
        return minimal(signIn);
      },
      fallback: () => new OidcStateError('missing'),
    }),
  );
}
