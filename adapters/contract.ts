import type { Role } from '../src/core/policy.types';
import type { z } from 'zod';
import type { Clock } from '../src/core/clock';
import { AppError } from '../src/core/errors';
import type { Logger } from '../src/logger';

/**
 * The one contract every diary vendor implements. The gateway speaks only this; nothing outside adapters/
 * names a vendor. Refused is a result (`{ ok: false, reason }`), broken is an error (`VendorUnavailableError`).
 * Every adapter passes test/contract/diary-adapter.contract.ts against its emulator.
 */

/** Roles as the gateway (and the database) spell them. Each adapter maps its vendor's roles onto these. */
/** The roles of DESIGN §5.4, written once in src/core/policy.types.ts. */
export type DiaryRole = Role;

/** What a vendor can do. An adapter that lacks an ability declares it off; the method then throws CapabilityNotSupportedError. */
export interface DiaryCapabilities {
  /** Checks a diary password (the link flow's "prove your diary account" without a vendor ticket). */
  readonly passwordLogin: boolean;
  /** Lists organizations for a sign-in form (region → municipality → school cascades). */
  readonly organizationSearch: boolean;
  /** Holds school records with SNILS and can find people by it (ЦОП-style automatic matching). */
  readonly snilsMatch: boolean;
  /** Lists a parent's children. */
  readonly children: boolean;
  /** Takes access requests into the vendor's own queue (otherwise they stay in the gateway's staff queue). */
  readonly accessRequests: boolean;
  /** Wants to be told when an account is linked or unlinked (through the outbox). */
  readonly linkNotifications: boolean;
}

/**
 * Every ability the contract knows, each on: what the published diary API (docs/diary-api.openapi.json) offers
 * in full. Written once for the gateway's side (the generic adapter's descriptor, tests, the API document); the
 * emulators declare theirs from the routes they have (emulators/shared/diary-api.router.ts).
 */
export const EVERY_CAPABILITY: DiaryCapabilities = {
  passwordLogin: true,
  organizationSearch: true,
  snilsMatch: true,
  children: true,
  accessRequests: true,
  linkNotifications: true,
};

/** A school or other organization in the vendor's system. */
export interface Organization {
  readonly id: string;
  readonly name: string;
  /** "Муниципальное образование", when the vendor has it. */
  readonly municipality?: string;
  /** "Тип ОО" (school, college, kindergarten…), when the vendor has it. */
  readonly type?: string;
}

/** Where a user belongs, and as whom: what the chooser «Вход в систему» lists. */
export interface Membership {
  readonly organization: Organization;
  readonly role: DiaryRole;
}

/** A calendar date `YYYY-MM-DD` (no time zone). */
export type IsoDate = string;

/** A diary account as the gateway needs it: only what a flow uses (152-FZ data minimisation). */
export interface DiaryProfile {
  /** The login account's id; vendors with 64-bit ids hand them over as strings. */
  readonly userId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly birthDate: IsoDate | null;
  /** Normalised "XXX-XXX-XXX YY" when the school recorded one. */
  readonly snils: string | null;
  readonly roles: readonly DiaryRole[];
  readonly locked: boolean;
}

/** A child of a parent, as the vendor knows them. */
export interface DiaryChild {
  /** The child's own login account, when they have one. */
  readonly userId: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly birthDate: IsoDate | null;
  readonly organization: Organization | null;
}

/** A school record found by SNILS, with the account it belongs to (if any) and its memberships. */
export interface SchoolRecordMatch {
  readonly userId: string;
  readonly birthDate: IsoDate | null;
  readonly memberships: readonly Membership[];
}

export type PasswordRefusal =
  | 'bad_credentials'
  | 'rate_limited'
  | 'password_login_disabled'
  | 'account_locked'
  | 'organization_not_found';

/** The outcome of a diary password check: refusals are results, not errors. */
export type PasswordCheck =
  | { readonly ok: true; readonly userId: string }
  | { readonly ok: false; readonly reason: PasswordRefusal; readonly retryAfterSeconds?: number };

export interface PasswordCredentials {
  readonly login: string;
  readonly password: string;
  /** Vendors whose logins are unique only within a school need it. */
  readonly organizationId?: string;
}

/**
 * The levels of the organization cascade, top down: «Муниципальное образование», «Населённый пункт», «Тип ОО»,
 * the organization. A vendor whose cascade lacks a level answers `[]` for it, and the form skips the level.
 */
export type OrganizationLevel = 'municipality' | 'settlement' | 'type' | 'organization';

/** A level of the organization cascade and what was chosen above it. */
export interface OrganizationQuery {
  readonly level: OrganizationLevel;
  /** Choices made at the levels above, by level name; a level left out (e.g. no settlement) means "any". */
  readonly chosen: Readonly<Record<string, string>>;
  readonly text?: string;
}

export interface OrganizationChoice {
  readonly id: string;
  readonly name: string;
}

export type AccessRequestReason = 'organization_missing' | 'profile_missing' | 'data_mismatch';

export interface AccessRequestForVendor {
  readonly requestId: string;
  readonly organizationId: string | null;
  readonly role: DiaryRole | null;
  readonly reason: AccessRequestReason;
  readonly message: string;
  readonly contact: string;
  readonly personName: string;
}

/** Why a vendor refused an access request as such: retrying it cannot help, so the outbox stops. */
export type AccessRequestRefusal = 'organization_unknown' | 'invalid_request';

/** The outcome of handing an access request over: the vendor's own id, or its refusal as a result. */
export type AccessRequestSubmission =
  | { readonly ok: true; readonly externalId: string }
  | { readonly ok: false; readonly reason: AccessRequestRefusal };

/** Where an access request stands in the vendor's queue (flow D: the requester is told the outcome). */
export interface AccessRequestStatus {
  readonly status: 'open' | 'resolved' | 'rejected';
  /** What the school's staff wrote, in words the requester reads; null while open. */
  readonly resolution: string | null;
  /** After a resolve, the account the person can now sign in to (lets the gateway link a record without SNILS). */
  readonly userId: string | null;
}

/**
 * What became of a link notice. 'done': the vendor has recorded it (or already had: notices are idempotent).
 * 'gone': the vendor positively answers that it has no such account (deleted, merged, or an id it could never
 * have issued); the outbox records this and stops retrying.
 */
export type LinkNoticeOutcome = 'done' | 'gone';

/** What the gateway tells a vendor about a link (no ESIA identifiers beyond what it needs). */
export interface LinkNotice {
  readonly linkId: string;
  readonly userId: string;
  readonly at: Date;
}

/** The diary system behind one diary instance. */
export interface DiaryAdapter {
  readonly kind: string;
  readonly capabilities: DiaryCapabilities;
  /** One level of the organization cascade of the sign-in form. */
  searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]>;
  verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck>;
  /** `null` when the vendor has no such account. */
  getProfile(userId: string): Promise<DiaryProfile | null>;
  listMemberships(userId: string): Promise<Membership[]>;
  listChildren(userId: string): Promise<DiaryChild[]>;
  /** School records carrying this SNILS ("XXX-XXX-XXX YY"). */
  findBySnils(snils: string): Promise<SchoolRecordMatch[]>;
  /**
   * Idempotent: telling twice is the same as telling once. For an account the vendor does not have, an adapter
   * returns 'gone': it neither throws nor logs-and-returns 'done'. Only the vendor's explicit "no such account"
   * (or an id of a shape it never issues) is 'gone'; an outage, a refused credential or an unrecognised answer
   * (e.g. a 404 of a wrong API path) is VendorUnavailableError, so the outbox retries it.
   */
  markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome>;
  /**
   * Idempotent, and an unlink of an older link than the vendor's current one changes nothing ('done'). An
   * unknown account is 'gone', exactly as for markLinked.
   */
  unlink(notice: LinkNotice): Promise<LinkNoticeOutcome>;
  /**
   * Hands a request to the vendor's queue, idempotently on `requestId`: the vendor's own id, or a refusal as a
   * result (an unknown organization, a request it will not take), never VendorUnavailableError for those.
   */
  submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission>;
  /** The request's state in the vendor's queue by the id submitAccessRequest returned; null if it has none. */
  getAccessRequestStatus(externalId: string): Promise<AccessRequestStatus | null>;
  /**
   * Asks the instance's server whether every route this adapter calls exists (issue 22: a server without them
   * must read as a configuration fault, not as "no such account"). Called at start and by /readyz; it must not
   * change anything on the vendor's side. Throws VendorUnavailableError (fault 'outage') when the server does
   * not answer at all. Optional only while adapters adopt it.
   */
  probeRoutes?(): Promise<RouteProbe>;
}

/** One route an adapter calls, named as its folder's README.md table names it, and whether the server has it. */
export interface RouteProbeResult {
  readonly route: string;
  readonly present: boolean;
}

/** What probeRoutes found: the instance is degraded when any route is missing. */
export interface RouteProbe {
  readonly routes: readonly RouteProbeResult[];
}

/** What the gateway gives an adapter when it builds one for a diary instance. */
export interface AdapterDeps {
  readonly instanceId: string;
  readonly baseUrl: string;
  /** The instance's credential, read from the environment variable its `credentialsRef` names. */
  readonly secret: string | undefined;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Per-request timeout towards the vendor. */
  readonly timeoutMs: number;
}

/** A vendor plug-in: its kind, its settings, and how to build it. One folder in adapters/, one registry line. */
export interface DiaryAdapterDescriptor<Config = unknown> {
  readonly kind: string;
  readonly displayName: string;
  readonly capabilities: DiaryCapabilities;
  /** Validates the instance's vendor-specific settings (`settings` in config/instances.json). */
  readonly configSchema: z.ZodType<Config>;
  /**
   * The abilities of one instance, when its settings decide them (a diary of the published API declares its
   * own); `capabilities` otherwise.
   */
  capabilitiesOf?(config: Config): DiaryCapabilities;
  /**
   * The public demo credentials the adapter falls back to when the instance's credential variable is unset
   * (or that its emulator accepts): production refuses to start with any of them, and with none set.
   */
  demoCredentials(config: Config): readonly string[];
  create(config: Config, deps: AdapterDeps): DiaryAdapter;
}

/**
 * Why a vendor could not be used. 'outage': no answer, a timeout, a 5xx, an unreadable body. 'configuration':
 * the server answered that a route the adapter needs does not exist (a 404 on an API path, not a "no such
 * account" in the vendor's own words): the instance points at a server without that API, and no retry helps.
 */
export type VendorFault = 'outage' | 'configuration';

/** The vendor's system did not answer, or answered nonsense: a 502/503 and an alert, never a refusal. */
export class VendorUnavailableError extends AppError {
  readonly code = 'vendor_unavailable';
  readonly status = 503;
  readonly userMessage = {
    ru: 'Электронный дневник сейчас не отвечает. Попробуйте позже.',
    en: 'The e-diary is not answering right now. Try again later.',
  };
  readonly fault: VendorFault;
  constructor(
    readonly vendor: string,
    detail: string,
    options?: { cause?: unknown; fault?: VendorFault },
  ) {
    super(`${vendor}: ${detail}`, options);
    this.fault = options?.fault ?? 'outage';
  }
}

/** A method of an ability the adapter declared off. A programming error on the gateway's side if reached. */
export class CapabilityNotSupportedError extends AppError {
  readonly code = 'capability_not_supported';
  readonly status = 501;
  readonly userMessage = {
    ru: 'Этот электронный дневник не поддерживает такое действие.',
    en: 'This e-diary does not support this action.',
  };
  constructor(
    readonly vendor: string,
    readonly capability: keyof DiaryCapabilities,
  ) {
    super(`${vendor} does not support ${capability}`);
  }
}

/**
 * How many distinct accounts used a diary over a window, as the diary counts them (issue 19: the console's
 * share of active users linked). A number only, no personal data.
 */
export interface ActiveUsersCount {
  /** The window, days. */
  readonly days: number;
  /** The window's last day (the region's local date), inclusive. */
  readonly asOf: IsoDate;
  readonly activeUsers: number;
}

// Declaration merging keeps this file append-only while adapters adopt the method (issue 19).
export interface DiaryAdapter {
  /**
   * The diary's active users over the last `days` days; null when the diary does not report them (the console
   * then says «дневник не сообщает»). Optional: an adapter whose vendor has no such figure leaves it out.
   */
  countActiveUsers?(days: number): Promise<ActiveUsersCount | null>;
}
