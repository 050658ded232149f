import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from 'express-session';
import { sessionCookieName } from '../../src/http/sessions';

/** An operator as the console's ESIA sign-in names them in the session. */
export interface SignedInOperator {
  oid: string;
  displayName: string;
}

/** express-session's cookie signature (cookie-signature's `sign`): the value, a dot, its HMAC-SHA256 in base64. */
const sign = (value: string, secret: string) =>
  `${value}.${createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '')}`;

/**
 * Puts an operator's session into the gateway's session store as the operator sign-in at ESIA leaves it
 * (a confirmed account, level PR, ten minutes), without going through ESIA; returns the Cookie header that
 * carries it, signed with the first of `sessionSecret` as the gateway signs its cookies.
 */
export async function operatorSessionCookie(
  store: Store,
  sessionSecret: string | readonly string[],
  operator: SignedInOperator,
  csrfToken: string,
): Promise<string> {
  const sid = randomBytes(16).toString('hex');
  const session = {
    cookie: { originalMaxAge: 600_000, expires: new Date(Date.now() + 600_000), httpOnly: true, path: '/' },
    esia: { ...operator, purpose: 'operator', level: 'PR', confirmed: true },
    csrfToken,
  };
  await new Promise<void>((resolve, reject) =>
    store.set(sid, session as never, (err) => (err ? reject(err) : resolve())),
  );
  const secret = [sessionSecret].flat()[0] as string;
  return `${sessionCookieName(false)}=s%3A${encodeURIComponent(sign(sid, secret))}`;
}
