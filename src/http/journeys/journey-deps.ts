import type { Request } from 'express';
import type { Clock } from '../../core/clock';
import type { DiscardedFactReport } from '../../core/discarded-fact';
import type { RateLimiter } from '../../core/ports/rate-limiter.port';
import type { DiarySignIn } from '../../provider/diary-sign-ins';
import type { PendingChange } from '../../services/pending-change.use-case';
import type { CountActivity } from '../../core/activity';
import type { Interactions, SignInProof } from '../../provider/provider-interactions';
import type { DiaryDirectory } from '../../services/diary-directory';
import type { AccountJourney, Journey, LoginChoice, SessionPerson } from '../../services/journeys.types';
import type { PendingLink } from '../../services/link-account.use-case';
import type { OnlyWayInRule, PendingUnlink } from '../../services/unlink-account.use-case';
import type { AccessRequestsRepository } from '../../store/access-requests.repository';
import type { LinksRepository } from '../../store/links.repository';
import type { OperatorLookup } from '../../store/operator-lookup';
import { JourneyMissingError } from '../../services/linking.errors';
import { UnauthenticatedError } from '../../core/errors';

/** A finished interaction step waiting for its GET (the page after ESIA goes on by itself to `/finish`). */
export interface ReadySignIn {
  readonly interaction: string;
  readonly signIn: DiarySignIn;
  readonly proof: SignInProof;
  readonly pending?: PendingChange;
}

declare module 'express-session' {
  interface SessionData {
    /** The person after an ESIA sign-in: ids and a name only. */
    person?: SessionPerson;
    journey?: Journey;
    pendingLink?: PendingLink & { accountName: string };
    pendingUnlink?: PendingUnlink;
    loginChoices?: { instanceId: string; interaction: string; choices: LoginChoice[] };
    ready?: ReadySignIn;
  }
}

/** Counts what the journeys decide, for /metrics and readiness (no personal data in labels). */
export type JourneyEvents = (event: 'link_refused', labels: { instance: string; reason: string }) => void;

/** Everything the journey routes use, built once by the composition root. */
export interface JourneyDeps {
  readonly diaries: DiaryDirectory;
  readonly links: LinksRepository;
  readonly requests: AccessRequestsRepository;
  readonly operators: OperatorLookup;
  readonly rateLimiter: RateLimiter;
  readonly onlyWayIn: OnlyWayInRule;
  readonly clock: Clock;
  /** Hears of a school birth date that could be nobody's (the gateway logs and counts it). */
  readonly discarded?: DiscardedFactReport;
  /** The gateway as OpenID Provider: where every diary journey starts and ends. */
  readonly interactions: Interactions;
  readonly events: JourneyEvents;
  /** Counts completed sign-ins and access requests for the console and /metrics (src/services/activity.ts). */
  readonly activity: CountActivity;
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

/** The session's value only when it belongs to the interaction in the address (another tab, another diary). */
export function ofInteraction<T extends { interaction: string }>(value: T | undefined, uid: string): T {
  if (value === undefined || value.interaction !== uid) throw new JourneyMissingError();
  return value;
}

/** The link or unlink journey of interaction `uid`, or JourneyMissingError. */
export function accountJourneyOf(req: Request, uid: string): AccountJourney {
  const journey = req.session.journey;
  if (!journey || (journey.kind !== 'link' && journey.kind !== 'unlink')) throw new JourneyMissingError();
  return ofInteraction(journey, uid);
}

/** A local path for `next`: absolute, same-origin and not protocol-relative; otherwise the home page. */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}

/**
 * «Вернуться в дневник» from a page outside the interaction's own steps (an access request): through the
 * interaction while this browser's session still holds one of that diary (the diary hears how it ended), else
 * the diary's own sign-in page.
 */
export function diaryReturn(req: Request, deps: Pick<JourneyDeps, 'diaries'>, instanceId: string): string {
  const journey = req.session.journey;
  const choices = req.session.loginChoices;
  const uid =
    journey && 'interaction' in journey && 'instanceId' in journey && journey.instanceId === instanceId
      ? journey.interaction
      : choices?.instanceId === instanceId
        ? choices.interaction
        : undefined;
  if (uid) return `/interaction/${encodeURIComponent(uid)}/back`;
  const instance = deps.diaries.get(instanceId);
  return instance.client?.signInUrl ?? instance.baseUrl;
}
