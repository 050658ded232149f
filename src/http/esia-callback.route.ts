import { Router } from 'express';
import { EsiaStateError } from '../esia/esia.errors';
import type { EsiaSignIn } from '../esia/esia-sign-in';
import type { EsiaStrategy } from '../esia/esia.strategy';
import { signInCallbackHandler } from './sign-in-handlers';

/** What the session keeps of an ESIA sign-in: enough for the next step, no tokens, no SNILS. */
export interface EsiaSessionPerson {
  readonly oid: string;
  readonly purpose: EsiaSignIn['purpose'];
  readonly level: EsiaSignIn['level'];
  readonly confirmed: boolean;
  readonly displayName: string;
}

function minimal(signIn: EsiaSignIn): EsiaSessionPerson {
  const { firstName, middleName, lastName } = signIn.person;
  const displayName = [lastName, firstName, middleName].filter(Boolean).join(' ') || `ESIA ${signIn.oid}`;
  return {
    oid: signIn.oid,
    purpose: signIn.purpose,
    level: signIn.level,
    confirmed: signIn.confirmed,
    displayName,
  };
}

/** `GET /auth/esia/callback`: success rotates the session and keeps the minimal person; refusals and faults go to the error handler. */
export function esiaCallbackRoute(strategy: EsiaStrategy): Router {
  return Router().get(
    '/auth/esia/callback',
    signInCallbackHandler(strategy, {
      sessionKey: 'esia',
      toSession: minimal,
      fallback: () => new EsiaStateError('missing'),
    }),
  );
}
