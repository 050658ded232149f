import type { Request } from 'express';
import { cookieSessions } from '../../shared/web-session';
import type { DnevnikPerson } from '../dnevnik.fixture';
import type { DnevnikStore, WebSession } from '../dnevnik.store';

/** The diary's browser sessions, under its own cookie. */
export const sessions = cookieSessions<WebSession>('dnevnik_session');

export const { browserSession, signIn, signOut } = sessions;
export { csrfMatches } from '../../shared/web-session';

/** The signed-in user of this browser, or undefined (also when the account is blocked). */
export function signedInUser(
  store: DnevnikStore,
  req: Request,
): { session: WebSession; person: DnevnikPerson & { userId: string } } | undefined {
  const who = sessions.signedIn(store, req, (userId) => {
    const person = store.user(userId);
    return person && !person.blocked ? (person as DnevnikPerson & { userId: string }) : undefined;
  });
  return who && { session: who.session, person: who.account };
}
