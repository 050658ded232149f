import type { DiaryRole } from '../../adapters/contract';
import type { LinkMethod } from '../store/entities/link.entity';

/**
 * The diary account a link or unlink journey is about: named by the diary's backend in its pushed request
 * (`settings-page`), or proven by the diary password typed at the gateway (`diary-password`). `interaction`
 * is the provider interaction the diary started; the journey ends there.
 */
export interface AccountJourney {
  readonly kind: 'link' | 'unlink';
  readonly instanceId: string;
  readonly userId: string;
  readonly method: Extract<LinkMethod, 'settings-page' | 'diary-password'>;
  readonly interaction: string;
}

/** A sign-in to one diary through ESIA (flow B), for the provider interaction `interaction`. */
export interface LoginJourney {
  readonly kind: 'login';
  readonly instanceId: string;
  readonly interaction: string;
}

/** Only to learn who the person is (staff queue, a request's outcome); `next` is a local path. */
export interface IdentifyJourney {
  readonly kind: 'identify';
  readonly next: string;
}

/** What the session remembers between the gateway's pages and ESIA. */
export type Journey = AccountJourney | LoginJourney | IdentifyJourney;

/** The ESIA purpose each journey must come back with (the state is bound to it, DESIGN §5.2). */
export function purposeOf(journey: Journey): 'link' | 'login' {
  return journey.kind === 'link' || journey.kind === 'unlink' ? 'link' : 'login';
}

/** The interaction a journey belongs to, when a diary started it. */
export function interactionOf(journey: Journey | undefined): string | undefined {
  return journey && 'interaction' in journey ? journey.interaction : undefined;
}

/** The person as the session keeps them after ESIA: ids and a name, no SNILS, no tokens. */
export interface SessionPerson {
  readonly oid: string;
  readonly confirmed: boolean;
  readonly displayName: string;
  /** ESIA's account level, for the ID token's `acr`. */
  readonly level: 'PR' | 'P' | 'KD' | 'unknown';
  /** Epoch ms of the ESIA sign-in: unlink wants proof fresher than five minutes. */
  readonly signedInAt: number;
}

/** One line of the chooser «Вход в систему»: an account, an organization and a role. */
export interface LoginChoice {
  readonly userId: string;
  readonly organizationId: string | null;
  readonly organizationName: string;
  readonly role: DiaryRole | null;
  /** Found by SNILS and not linked yet: choosing it writes a link (method snils-match). */
  readonly viaSnils: boolean;
}
