import { z } from 'zod';

/** The gateway's roles, as the published diary API spells them (docs/diary-api.openapi.json, Role). */
export type ApiRole = 'student' | 'parent' | 'teacher' | 'staff';

/** An organization as the API writes it (a diary without settlements leaves that field out). */
export interface ApiOrganization {
  readonly id: string;
  readonly name: string;
  readonly municipality: string;
  readonly settlement?: string;
  readonly type: string;
}

/** One membership: the organization and the role the diary gives the account there. */
export interface ApiMembership {
  readonly organization: ApiOrganization;
  readonly role: ApiRole;
}

/** An account as the diary keeps it, in the API's words; its roles are those of its memberships. */
export interface ApiAccount {
  readonly userId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly birthDate: string | null;
  readonly snils: string | null;
  readonly locked: boolean;
  readonly memberships: readonly ApiMembership[];
}

/** A parent's child (a pupil without an account of its own has no userId). */
export interface ApiChild {
  readonly userId: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly birthDate: string | null;
  readonly organization: ApiOrganization | null;
}

/** The answer of POST /password-checks. */
export type ApiPasswordCheck =
  | { readonly ok: true; readonly userId: string }
  | {
      readonly ok: false;
      readonly reason: 'bad_credentials' | 'account_locked' | 'organization_not_found';
    }
  | { readonly ok: false; readonly reason: 'rate_limited'; readonly retryAfterSeconds: number };

/** An access request's state (GET /access-requests/{id}). */
export interface ApiAccessRequestState {
  readonly id: string;
  readonly status: 'open' | 'resolved' | 'rejected';
  readonly resolution: string | null;
  readonly userId: string | null;
}

/** What POST /access-requests takes, as docs/diary-api.openapi.json (AccessRequest) writes it. */
export const ApiAccessRequest = z.object({
  requestId: z.string(),
  organizationId: z.string().nullable(),
  role: z.enum(['student', 'parent', 'teacher', 'staff']).nullable(),
  reason: z.enum(['organization_missing', 'profile_missing', 'data_mismatch']),
  message: z.string().max(2000),
  contact: z.string(),
  personName: z.string(),
});
/** An access request as the gateway sends it. */
export type ApiAccessRequest = z.infer<typeof ApiAccessRequest>;

/** A link notice as the gateway sends it (POST /link-notices). */
export interface ApiLinkNotice {
  readonly event: 'created' | 'removed';
  readonly linkId: string;
  readonly userId: string;
  readonly at: string;
}

/** What a diary stores a link notice as; `idempotency_conflict` refuses it. */
export type LinkNoticeOutcome = 'recorded' | 'already_recorded' | 'superseded' | 'idempotency_conflict';

/**
 * A diary's records behind the API: how one emulator (the reference diary, or a vendor's extension) finds and
 * keeps what the API asks. The account lookup is required; each optional part is an ability, declared in
 * GET /capabilities exactly when it is given, so a declaration cannot drift from the routes.
 */
export interface DiaryApiRecords {
  /** An account by the API's userId; undefined: 404 user_not_found on every route that names it. */
  account(userId: string): ApiAccount | undefined;
  /** passwordLogin. */
  checkPassword?(input: { login: string; password: string; organizationId?: string }): ApiPasswordCheck;
  /** children: the children of an account that exists. */
  children?(userId: string): readonly ApiChild[];
  /** snilsMatch: the accounts whose school records carry this SNILS (`XXX-XXX-XXX YY`). */
  schoolRecords?(
    snils: string,
  ): ReadonlyArray<{ userId: string; birthDate: string | null; memberships: readonly ApiMembership[] }>;
  /** organizationSearch: every organization; the router answers the cascade from them. */
  organizations?(): readonly ApiOrganization[];
  /** accessRequests. `submit` answers `created: false` for a request id it already holds. */
  accessRequests?: {
    submit(
      input: ApiAccessRequest,
    ): { request: ApiAccessRequestState; created: boolean } | 'organization_unknown' | 'invalid_request';
    get(id: string): ApiAccessRequestState | undefined;
  };
  /** linkNotifications: a notice for an account that exists, once per Idempotency-Key. */
  linkNotice?(key: string, notice: ApiLinkNotice): LinkNoticeOutcome;
  /** activeUsers: the distinct accounts active within the last `days` days. */
  activeUsers?(days: number): number;
}

/** The abilities of GET /capabilities. */
export type ApiAbility =
  'passwordLogin' | 'organizationSearch' | 'snilsMatch' | 'children' | 'accessRequests' | 'linkNotifications';
