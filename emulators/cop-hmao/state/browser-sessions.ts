import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** Who a browser is: a staff member of an organization, or a user handed off by the gateway. */
export type BrowserSession =
  | { readonly kind: 'staff'; readonly login: string; readonly csrf: string }
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly organizationId: string | null;
      readonly role: string;
    };

const COOKIE = 'COPSESSID';

/** In-memory browser sessions behind an HttpOnly, SameSite=Lax cookie (an emulator: no persistence). */
export class BrowserSessions {
  private readonly sessions = new Map<string, BrowserSession>();

  /** Starts a new session (a fresh id at every sign-in, so a planted cookie is worthless). */
  start(res: Response, session: BrowserSession): void {
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, session);
    res.append('Set-Cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
  }

  get(req: Request): BrowserSession | undefined {
    const id = cookieValue(req.headers.cookie, COOKIE);
    return id ? this.sessions.get(id) : undefined;
  }

  end(req: Request, res: Response): void {
    const id = cookieValue(req.headers.cookie, COOKIE);
    if (id) this.sessions.delete(id);
    res.append('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** A new CSRF token for a staff session. */
export const newCsrfToken = (): string => randomBytes(18).toString('base64url');
