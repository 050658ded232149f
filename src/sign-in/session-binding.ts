import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** Session field holding the random value every sign-in state is bound to (the session id itself rotates). */
const BINDING = 'signInBinding';

type SessionBag = Record<string, unknown>;

/** This session's binding, created on first use (the start of a sign-in). */
export function ensureSessionBinding(req: Request): string {
  const bag = req.session as unknown as SessionBag;
  if (typeof bag[BINDING] !== 'string') bag[BINDING] = randomUUID();
  return bag[BINDING] as string;
}

/** This session's binding, if a sign-in was started in it. */
export function sessionBinding(req: Request): string | undefined {
  const value = (req.session as unknown as SessionBag | undefined)?.[BINDING];
  return typeof value === 'string' ? value : undefined;
}
