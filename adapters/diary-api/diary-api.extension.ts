import type { z } from 'zod';
import type { Clock } from '../../src/core/clock';
import { spelledSnils } from '../../src/core/snils';
import {
  VendorUnavailableError,
  type AccessRequestForVendor,
  type AccessRequestStatus,
  type AccessRequestSubmission,
  type DiaryChild,
  type DiaryProfile,
  type LinkNotice,
  type LinkNoticeOutcome,
  type Membership,
  type OrganizationChoice,
  type OrganizationQuery,
  type SchoolRecordMatch,
} from '../contract';
import {
  ApiAccessRequest,
  ApiCapabilities,
  ApiChildren,
  ApiError,
  ApiLinkNoticeAnswer,
  ApiMemberships,
  ApiOrganizationChoices,
  ApiProfile,
  ApiSchoolRecords,
} from './diary-api.schemas';
import {
  DiaryApiTransport,
  DiaryApiTransportError,
  type DiaryApiAuth,
  type DiaryApiRequest,
  type DiaryApiResponse,
} from './diary-api.transport';

/** Statuses by which a server says it has no such route (not the API's own "no such user"). */
const NO_ROUTE = new Set([404, 405]);

/** Where the API is and how one adapter names its failures. */
export interface DiaryApiClientTarget {
  /** The adapter kind every VendorUnavailableError names. */
  readonly vendor: string;
  /** The API's root: the instance's base URL and the settings' apiPath. */
  readonly apiUrl: string;
  readonly auth: DiaryApiAuth;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /**
   * Said before each path in a failure: 'extension ' when the API is the extension a vendor deploys beside its
   * own API (so an operator knows which of the two failed), '' for a diary whose only API this is.
   */
  readonly label?: string;
}

/**
 * One client of the published diary API (docs/diary-api.openapi.json) over its transport (HMAC or mutual TLS),
 * for the generic diary-api adapter and for every vendor adapter that reaches the API as an extension the
 * vendor deploys. No silent failure: the API's own "not found" codes are answers (null, 'gone'); a 404 or 405
 * outside the error model is a route the server lacks, and a 401 or 403 a refused credential, both configuration
 * faults, never null or []; no answer or a 5xx is an outage. Failures name the path, never the body (it may carry a SNILS).
 */
export class DiaryApiClient {
  private readonly transport: DiaryApiTransport;
  private readonly vendor: string;
  private readonly label: string;

  constructor(target: DiaryApiClientTarget) {
    this.vendor = target.vendor;
    this.label = target.label ?? '';
    this.transport = new DiaryApiTransport(
      target.apiUrl.replace(/\/$/, ''),
      target.auth,
      target.timeoutMs,
      target.clock,
    );
  }

  /** The error code of a refusal in the API's error model, or undefined for anything else. */
  codeOf(response: DiaryApiResponse): string | undefined {
    return ApiError.safeParse(response.json).data?.error.code;
  }

  private where(path: string): string {
    return `${this.label}${path.split('?')[0]!}`;
  }

  /** One call; no answer, a 5xx or a refused credential throws, naming the path; anything else is returned. */
  async send(request: DiaryApiRequest): Promise<DiaryApiResponse> {
    const where = this.where(request.path);
    let response: DiaryApiResponse;
    try {
      response = await this.transport.send(request);
    } catch (err) {
      if (err instanceof DiaryApiTransportError)
        throw new VendorUnavailableError(this.vendor, `${this.label}${err.message}`, { cause: err });
      throw err;
    }
    if (response.status >= 500)
      throw new VendorUnavailableError(this.vendor, `${where}: HTTP ${response.status}`);
    // A refused credential (a wrong key id or secret, a certificate the diary does not trust, a key the vendor
    // revoked) is the operator's to fix, for every diary alike: no retry helps and the breaker stays closed.
    if (response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(
        this.vendor,
        `${where}: HTTP ${response.status} (credential refused)`,
        {
          fault: 'configuration',
        },
      );
    return response;
  }

  /**
   * A 2xx body in the shape `schema` says, else a vendor fault naming the path: a 404 or 405 that is not one of
   * the API's own refusals (those are read before this) means the server has no such route, a configuration
   * fault (a wrong base URL or `apiPath`, the API not deployed); anything else an outage.
   */
  read<S extends z.ZodType>(schema: S, response: DiaryApiResponse, path: string): z.infer<S> {
    const where = this.where(path);
    if (response.status < 200 || response.status > 299)
      throw new VendorUnavailableError(
        this.vendor,
        `${where}: HTTP ${response.status} ${this.codeOf(response) ?? ''}`.trim(),
        NO_ROUTE.has(response.status) ? { fault: 'configuration' } : {},
      );
    const parsed = schema.safeParse(response.json);
    if (!parsed.success)
      throw new VendorUnavailableError(this.vendor, `${where}: unexpected answer`, { cause: parsed.error });
    return parsed.data;
  }

  /** GET `path`; null when the diary answers 404 with `notFound` (any other 404 is a configuration fault). */
  async get<S extends z.ZodType>(schema: S, path: string, notFound: string): Promise<z.infer<S> | null> {
    const response = await this.send({ method: 'GET', path });
    if (response.status === 404 && this.codeOf(response) === notFound) return null;
    return this.read(schema, response, path);
  }

  /** `GET /users/{userId}`: null on the API's `user_not_found`. */
  async profile(userId: string): Promise<DiaryProfile | null> {
    const p = await this.get(ApiProfile, `/users/${encodeURIComponent(userId)}`, 'user_not_found');
    if (!p) return null;
    // The school's SNILS as it is, typos included (issue 20): the link compares it and says the data differ.
    return { ...p, snils: spelledSnils(p.snils), roles: [...new Set(p.roles)] };
  }

  /** `GET /users/{userId}/memberships`: [] on the API's `user_not_found`. */
  async memberships(userId: string): Promise<Membership[]> {
    const path = `/users/${encodeURIComponent(userId)}/memberships`;
    return (await this.get(ApiMemberships, path, 'user_not_found'))?.items.map(toMembership) ?? [];
  }

  /** `GET /users/{userId}/children`: [] on the API's `user_not_found`. */
  async children(userId: string): Promise<DiaryChild[]> {
    const path = `/users/${encodeURIComponent(userId)}/children`;
    const answer = await this.get(ApiChildren, path, 'user_not_found');
    return (answer?.items ?? []).map((c) => ({
      ...c,
      organization: c.organization ? toOrganization(c.organization) : null,
    }));
  }

  /** `GET /organizations`: one level of the cascade. */
  async organizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    const params = new URLSearchParams({ level: query.level });
    for (const [level, id] of Object.entries(query.chosen)) params.set(level, id);
    if (query.text) params.set('q', query.text);
    const path = `/organizations?${params}`;
    return this.read(ApiOrganizationChoices, await this.send({ method: 'GET', path }), path).items;
  }

  /**
   * `POST /school-records/search` with a SNILS the caller already checked (src/core/snils canonicalSnils): it
   * travels in a signed body, never in a URL (access logs keep URLs).
   */
  async schoolRecords(canonicalSnils: string): Promise<SchoolRecordMatch[]> {
    const path = '/school-records/search';
    const answer = await this.send({ method: 'POST', path, body: { snils: canonicalSnils } });
    return this.read(ApiSchoolRecords, answer, path).items.map((r) => ({
      userId: r.userId,
      birthDate: r.birthDate,
      memberships: r.memberships.map(toMembership),
    }));
  }

  /** `POST /link-notices`, idempotent on `Idempotency-Key` = event:linkId; `user_not_found` alone is 'gone'. */
  async linkNotice(event: 'created' | 'removed', notice: LinkNotice): Promise<LinkNoticeOutcome> {
    const path = '/link-notices';
    const response = await this.send({
      method: 'POST',
      path,
      headers: { 'Idempotency-Key': `${event}:${notice.linkId}` },
      body: { event, linkId: notice.linkId, userId: notice.userId, at: notice.at.toISOString() },
    });
    if (response.status === 404 && this.codeOf(response) === 'user_not_found') return 'gone';
    this.read(ApiLinkNoticeAnswer, response, path);
    return 'done';
  }

  /** `POST /access-requests`, idempotent on requestId; an unknown organization or an invalid request is a result. */
  async submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    const path = '/access-requests';
    const response = await this.send({
      method: 'POST',
      path,
      headers: { 'Idempotency-Key': request.requestId },
      body: request,
    });
    const code = this.codeOf(response);
    if (response.status === 422 && code === 'organization_unknown')
      return { ok: false, reason: 'organization_unknown' };
    if ((response.status === 400 || response.status === 422) && code === 'invalid_request')
      return { ok: false, reason: 'invalid_request' };
    return { ok: true, externalId: this.read(ApiAccessRequest, response, path).id };
  }

  /** `GET /access-requests/{id}`: null on the API's `request_not_found`. */
  async accessRequestStatus(externalId: string): Promise<AccessRequestStatus | null> {
    const path = `/access-requests/${encodeURIComponent(externalId)}`;
    const answer = await this.get(ApiAccessRequest, path, 'request_not_found');
    return answer ? { status: answer.status, resolution: answer.resolution, userId: answer.userId } : null;
  }

  /**
   * `GET /capabilities`, the route probe's harmless read: the declared document, or undefined when the server
   * answers without one (a 404 or 405: the API is not there). Any other failure throws as `send` does.
   */
  async capabilities(): Promise<z.infer<typeof ApiCapabilities> | undefined> {
    const response = await this.send({ method: 'GET', path: '/capabilities' });
    const declared = response.status === 200 ? ApiCapabilities.safeParse(response.json).data : undefined;
    if (declared || NO_ROUTE.has(response.status)) return declared;
    throw new VendorUnavailableError(this.vendor, `${this.where('/capabilities')}: HTTP ${response.status}`);
  }

  close(): void {
    this.transport.close();
  }
}

/** An organization of the diary API as the contract's (the API's optional `settlement` dropped). */
export function toOrganization(
  o: Membership['organization'] & { settlement?: string },
): Membership['organization'] {
  const { id, name, municipality, type } = o;
  return { id, name, ...(municipality ? { municipality } : {}), ...(type ? { type } : {}) };
}

export function toMembership(m: {
  organization: Membership['organization'] & { settlement?: string };
  role: Membership['role'];
}): Membership {
  return { role: m.role, organization: toOrganization(m.organization) };
}
