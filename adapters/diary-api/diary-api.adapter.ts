import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import {
  CapabilityNotSupportedError,
  VendorUnavailableError,
  type AccessRequestForVendor,
  type AccessRequestStatus,
  type AccessRequestSubmission,
  type AdapterDeps,
  type DiaryAdapter,
  type DiaryCapabilities,
  type DiaryChild,
  type DiaryProfile,
  type LinkNotice,
  type LinkNoticeOutcome,
  type Membership,
  type OrganizationChoice,
  type OrganizationQuery,
  type PasswordCheck,
  type ActiveUsersCount,
  type PasswordCredentials,
  type RouteProbe,
  type RouteProbeResult,
  type SchoolRecordMatch,
} from '../contract';
import { canonicalSnils, spelledSnils } from '../../src/core/snils';
import { contractAbilities, type DiaryApiConfig } from './diary-api.config';
import {
  ApiAccessRequest,
  ApiActiveUsers,
  ApiCapabilities,
  ApiChildren,
  ApiError,
  ApiLinkNoticeAnswer,
  ApiMemberships,
  ApiOrganizationChoices,
  ApiPasswordCheck,
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

const KIND = 'diary-api';

/** Statuses by which a server says it has no such route (not the API's own "no such user"). */
const NO_ROUTE = new Set([404, 405]);

/** An id no diary issues (the API's ids are the diary's own), for the route probe's harmless reads. */
const PROBE_ID = 'elg-route-probe';

/** The gateway's side of the authentication the instance's settings name, with its credential. */
export function authOf(config: Pick<DiaryApiConfig, 'auth'>, deps: AdapterDeps): DiaryApiAuth {
  if (config.auth.type === 'hmac') {
    const secret = deps.secret ?? config.auth.demoSecret;
    if (!secret)
      throw new Error(
        `instance ${deps.instanceId}: the diary API's HMAC secret (credential variable) is not set`,
      );
    if (!deps.secret)
      deps.logger.warn(
        { instance: deps.instanceId },
        'diary API: the instance credential is unset; signing with the demo secret (development only)',
      );
    return { type: 'hmac', keyId: config.auth.keyId, secret };
  }
  if (!deps.secret)
    throw new Error(
      `instance ${deps.instanceId}: the client key for mutual TLS (credential variable) is not set`,
    );
  const pem = (value: string) => (value.startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));
  return {
    type: 'mtls',
    cert: pem(config.auth.certFile),
    key: pem(deps.secret),
    ...(config.auth.caFile ? { ca: pem(config.auth.caFile) } : {}),
  };
}

/**
 * The generic adapter: any diary that implements the published diary API (docs/diary-api.openapi.json),
 * configured in config/instances.json alone. Abilities are what the instance declared; a method of an ability
 * declared off throws CapabilityNotSupportedError without a call.
 */
export class DiaryApiAdapter implements DiaryAdapter {
  readonly kind = KIND;
  readonly capabilities: DiaryCapabilities;
  private readonly transport: DiaryApiTransport;
  private readonly reportsActiveUsers: boolean;

  constructor(config: DiaryApiConfig, deps: AdapterDeps) {
    this.capabilities = contractAbilities(config.abilities);
    this.reportsActiveUsers = config.abilities.activeUsers;
    const base = `${deps.baseUrl.replace(/\/$/, '')}${config.apiPath}`;
    this.transport = new DiaryApiTransport(base, authOf(config, deps), deps.timeoutMs, deps.clock);
  }

  private need(ability: keyof DiaryCapabilities): void {
    if (!this.capabilities[ability]) throw new CapabilityNotSupportedError(KIND, ability);
  }

  /** One call; transport failures, 5xx and refused credentials are outages naming the path, never the body. */
  private async send(request: DiaryApiRequest): Promise<DiaryApiResponse> {
    const where = request.path.split('?')[0]!;
    let response: DiaryApiResponse;
    try {
      response = await this.transport.send(request);
    } catch (err) {
      if (err instanceof DiaryApiTransportError)
        throw new VendorUnavailableError(KIND, err.message, { cause: err });
      throw err;
    }
    if (response.status >= 500 || response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(KIND, `${where}: HTTP ${response.status}`);
    return response;
  }

  /** The error code of a refusal in the API's error model, or undefined for anything else. */
  private codeOf(response: DiaryApiResponse): string | undefined {
    return ApiError.safeParse(response.json).data?.error.code;
  }

  /**
   * A 2xx body in the shape `schema` says, else a vendor fault naming the path: a 404 or 405 that is not one of
   * the API's own refusals (those are read before this) means the server has no such route, a configuration
   * fault (a wrong base URL or `apiPath`, the API not deployed); anything else an outage.
   */
  private read<S extends z.ZodType>(schema: S, response: DiaryApiResponse, path: string): z.infer<S> {
    const where = path.split('?')[0]!;
    if (response.status < 200 || response.status > 299)
      throw new VendorUnavailableError(
        KIND,
        `${where}: HTTP ${response.status} ${this.codeOf(response) ?? ''}`.trim(),
        NO_ROUTE.has(response.status) ? { fault: 'configuration' } : {},
      );
    const parsed = schema.safeParse(response.json);
    if (!parsed.success)
      throw new VendorUnavailableError(KIND, `${where}: unexpected answer`, { cause: parsed.error });
    return parsed.data;
  }

  /** GET `path`; null when the diary answers 404 with `notFound` (any other 404 is a wrong route: a configuration fault). */
  private async get<S extends z.ZodType>(
    schema: S,
    path: string,
    notFound: string,
  ): Promise<z.infer<S> | null> {
    const response = await this.send({ method: 'GET', path });
    if (response.status === 404 && this.codeOf(response) === notFound) return null;
    return this.read(schema, response, path);
  }

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    this.need('organizationSearch');
    const params = new URLSearchParams({ level: query.level });
    for (const [level, id] of Object.entries(query.chosen)) params.set(level, id);
    if (query.text) params.set('q', query.text);
    const path = `/organizations?${params}`;
    return this.read(ApiOrganizationChoices, await this.send({ method: 'GET', path }), path).items;
  }

  async verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    this.need('passwordLogin');
    const path = '/password-checks';
    const body = {
      login: credentials.login,
      password: credentials.password,
      ...(credentials.organizationId ? { organizationId: credentials.organizationId } : {}),
    };
    const answer = this.read(ApiPasswordCheck, await this.send({ method: 'POST', path, body }), path);
    if (answer.ok) return { ok: true, userId: answer.userId };
    return {
      ok: false,
      reason: answer.reason,
      ...(answer.retryAfterSeconds ? { retryAfterSeconds: answer.retryAfterSeconds } : {}),
    };
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    const p = await this.get(ApiProfile, `/users/${encodeURIComponent(userId)}`, 'user_not_found');
    if (!p) return null;
    // The school's SNILS as it is, typos included (issue 20): the link compares it and says the data differ.
    return { ...p, snils: spelledSnils(p.snils), roles: [...new Set(p.roles)] };
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    const path = `/users/${encodeURIComponent(userId)}/memberships`;
    return (await this.get(ApiMemberships, path, 'user_not_found'))?.items.map(toMembership) ?? [];
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    this.need('children');
    const path = `/users/${encodeURIComponent(userId)}/children`;
    return (await this.get(ApiChildren, path, 'user_not_found'))?.items ?? [];
  }

  /** SNILS travels in a signed POST body, never in a URL (access logs keep URLs). */
  async findBySnils(snils: string): Promise<SchoolRecordMatch[]> {
    this.need('snilsMatch');
    // The one SNILS rule (src/core/snils): a number whose check digits fail is never sent to the diary.
    const normalised = canonicalSnils(snils);
    if (!normalised) return [];
    const path = '/school-records/search';
    const answer = await this.send({ method: 'POST', path, body: { snils: normalised } });
    return this.read(ApiSchoolRecords, answer, path).items.map((r) => ({
      userId: r.userId,
      birthDate: r.birthDate,
      memberships: r.memberships.map(toMembership),
    }));
  }

  async markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    return this.notify('created', notice);
  }

  async unlink(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    return this.notify('removed', notice);
  }

  /** A link notice, idempotent on `Idempotency-Key` = event:linkId; the diary's user_not_found is 'gone'. */
  private async notify(event: 'created' | 'removed', notice: LinkNotice): Promise<LinkNoticeOutcome> {
    this.need('linkNotifications');
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

  async submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    this.need('accessRequests');
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

  /**
   * Checks every route this instance's abilities call, changing nothing: `GET /capabilities`; reads of an id
   * no diary issues, which a deployed route answers with the API's own "not found"; and each POST with an
   * empty body, which a deployed route must refuse as `invalid_request` (400/422 in the error model) before
   * doing anything. A 404 or 405 instead means the route is not there.
   */
  async probeRoutes(): Promise<RouteProbe> {
    const routes: RouteProbeResult[] = [];
    const probe = async (
      route: string,
      request: DiaryApiRequest,
      present: (answer: DiaryApiResponse) => boolean,
    ) => routes.push({ route, present: present(await this.send(request)) });
    const found = (notFound: string) => (a: DiaryApiResponse) =>
      a.status === 200 || (a.status === 404 && this.codeOf(a) === notFound);
    const refusedAsInvalid = (a: DiaryApiResponse) =>
      (a.status === 400 || a.status === 422) && this.codeOf(a) !== undefined;
    const emptyPost = (path: string): DiaryApiRequest => ({ method: 'POST', path, body: {} });
    const on = this.capabilities;

    await probe(
      'GET /capabilities',
      { method: 'GET', path: '/capabilities' },
      (a) => ApiCapabilities.safeParse(a.status === 200 ? a.json : undefined).success,
    );
    await probe(
      'GET /users/{userId}',
      { method: 'GET', path: `/users/${PROBE_ID}` },
      found('user_not_found'),
    );
    const memberships = `/users/${PROBE_ID}/memberships`;
    await probe(
      'GET /users/{userId}/memberships',
      { method: 'GET', path: memberships },
      found('user_not_found'),
    );
    if (on.children)
      await probe(
        'GET /users/{userId}/children',
        { method: 'GET', path: `/users/${PROBE_ID}/children` },
        found('user_not_found'),
      );
    if (on.organizationSearch)
      await probe(
        'GET /organizations',
        { method: 'GET', path: '/organizations?level=municipality' },
        (a) => a.status === 200,
      );
    if (on.passwordLogin)
      await probe('POST /password-checks', emptyPost('/password-checks'), refusedAsInvalid);
    if (on.snilsMatch)
      await probe('POST /school-records/search', emptyPost('/school-records/search'), refusedAsInvalid);
    if (on.linkNotifications) await probe('POST /link-notices', emptyPost('/link-notices'), refusedAsInvalid);
    if (on.accessRequests) {
      await probe('POST /access-requests', emptyPost('/access-requests'), refusedAsInvalid);
      await probe(
        'GET /access-requests/{id}',
        { method: 'GET', path: `/access-requests/${PROBE_ID}` },
        found('request_not_found'),
      );
    }
    if (this.reportsActiveUsers)
      await probe(
        'GET /statistics/active-users',
        { method: 'GET', path: '/statistics/active-users?days=1' },
        (a) => a.status === 200,
      );
    return { routes };
  }

  /** The diary's active users over the last `days` days; null without a call when it declared it does not report them. */
  async countActiveUsers(days: number): Promise<ActiveUsersCount | null> {
    if (!this.reportsActiveUsers) return null;
    const path = `/statistics/active-users?days=${days}`;
    return this.read(ApiActiveUsers, await this.send({ method: 'GET', path }), path);
  }

  async getAccessRequestStatus(externalId: string): Promise<AccessRequestStatus | null> {
    this.need('accessRequests');
    const path = `/access-requests/${encodeURIComponent(externalId)}`;
    const answer = await this.get(ApiAccessRequest, path, 'request_not_found');
    return answer ? { status: answer.status, resolution: answer.resolution, userId: answer.userId } : null;
  }
}

function toMembership(m: {
  organization: Membership['organization'] & { settlement?: string };
  role: Membership['role'];
}): Membership {
  const { id, name, municipality, type } = m.organization;
  return {
    role: m.role,
    organization: { id, name, ...(municipality ? { municipality } : {}), ...(type ? { type } : {}) },
  };
}
