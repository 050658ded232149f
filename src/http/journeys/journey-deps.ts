import type { Request } from 'express';
import type { Clock } from '../../core/clock';
import type { RateLimiter } from '../../core/ports/rate-limiter.port';
import type { DiaryDirectory } from '../../services/diary-directory';
import type { Journey, LoginChoice, SessionPerson } from '../../services/journeys.types';
import type { PendingLink } from '../../services/link-account.use-case';
import type { LinkTickets } from '../../services/link-tickets';
import type { SsoCodes } from '../../services/sso-codes';
import type { OnlyWayInRule, PendingUnlink } from '../../services/unlink-account.use-case';
import type { AccessRequestsRepository } from '../../store/access-requests.repository';
import type { LinksRepository } from '../../store/links.repository';
import type { OperatorLookup } from '../../store/operator-lookup';
import { JourneyMissingError } from '../../services/linking.errors';
import { UnauthenticatedError } from '../../core/errors';

declare module 'express-session' {
  interface SessionData {
    /** The person after an ESIA sign-in: ids and a name only. */
    person?: SessionPerson;
    journey?: Journey;
    pendingLink?: PendingLink & { accountName: string };
    pendingUnlink?: PendingUnlink;
    loginChoices?: { instanceId: string; choices: LoginChoice[] };
    /** «Остаться в системе»: the remembered choice per diary instance. */
    stay?: Record<string, LoginChoice>;
    /** Where a finished link goes back to; kept after the pending link is consumed (double submit). */
    linked?: { instanceId: string; returnUrl: string; userId: string };
  }
}

/** Everything the journey routes use, built once by the composition root. */
export interface JourneyDeps {
  readonly diaries: DiaryDirectory;
  readonly links: LinksRepository;
  readonly requests: AccessRequestsRepository;
  readonly operators: OperatorLookup;
  readonly tickets: LinkTickets;
  readonly ssoCodes: SsoCodes;
  readonly rateLimiter: RateLimiter;
  readonly onlyWayIn: OnlyWayInRule;
  readonly clock: Clock;
  /** ESIA's issuer: half of the link key. */
  readonly issuer: string;
  readonly publicUrl: string;
  /** ESIA's logout address returning to `redirectUrl` («Выйти»). */
  esiaLogoutUrl(redirectUrl: string): string;
}

/** The signed-in ESIA person, or UnauthenticatedError. */
export function personOf(req: Request): SessionPerson {
  const person = req.session.person;
  if (!person) throw new UnauthenticatedError('no ESIA person in session');
  return person;
}

/** The session's value, or JourneyMissingError when the earlier steps did not happen in this session. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new JourneyMissingError();
  return value;
}

/** A local path for `next`: absolute, same-origin and not protocol-relative; otherwise the home page. */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}
