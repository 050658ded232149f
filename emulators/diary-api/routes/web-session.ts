import type { Request } from 'express';
import { cookieSessions } from '../../shared/web-session';
import type { EljurStore, EljurSession } from '../diary-api.store';

/** The diary's browser sessions, under its own cookie. */
export const sessions = cookieSessions<EljurSession>('eljur_session');

export const { browserSession, signIn, signOut } = sessions;
export { csrfMatches } from '../../shared/web-session';

/** The signed-in, unlocked account of this browser, or undefined. */
export const signedIn = (store: EljurStore, req: Request) =>
  sessions.signedIn(store, req, (userId) => {
    const account = store.accounts.get(userId);
    return account && !account.locked ? account : undefined;
  });
