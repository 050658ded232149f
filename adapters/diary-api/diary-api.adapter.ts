import { readFileSync } from 'node:fs';
import {
  CapabilityNotSupportedError,
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
import { canonicalSnils } from '../../src/core/snils';
import { contractAbilities, type DiaryApiConfig } from './diary-api.config';
import { DiaryApiClient } from './diary-api.extension';
import { ApiActiveUsers, ApiCapabilities, ApiPasswordCheck } from './diary-api.schemas';
import type { DiaryApiAuth, DiaryApiRequest, DiaryApiResponse } from './diary-api.transport';

const KIND = 'diary-api';

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
  return authWithSecret(config.auth, deps.secret);
}

/**
 * The settings' authentication with the secret already chosen: the HMAC secret, or with mutual TLS the client
 * key (PEM, or a PEM file's path). For adapters whose credential variable holds more than this one secret.
 */
export function authWithSecret(auth: DiaryApiConfig['auth'], secret: string): DiaryApiAuth {
  if (auth.type === 'hmac') return { type: 'hmac', keyId: auth.keyId, secret };
  const pem = (value: string) => (value.startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));
  return {
    type: 'mtls',
    cert: pem(auth.certFile),
    key: pem(secret),
    ...(auth.caFile ? { ca: pem(auth.caFile) } : {}),
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
  private readonly client: DiaryApiClient;
  private readonly reportsActiveUsers: boolean;

  constructor(config: DiaryApiConfig, deps: AdapterDeps) {
    this.capabilities = contractAbilities(config.abilities);
    this.reportsActiveUsers = config.abilities.activeUsers;
    this.client = new DiaryApiClient({
      vendor: KIND,
      apiUrl: `${deps.baseUrl.replace(/\/$/, '')}${config.apiPath}`,
      auth: authOf(config, deps),
      timeoutMs: deps.timeoutMs,
      clock: deps.clock,
    });
  }

  private need(ability: keyof DiaryCapabilities): void {
    if (!this.capabilities[ability]) throw new CapabilityNotSupportedError(KIND, ability);
  }

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    this.need('organizationSearch');
    return this.client.organizations(query);
  }

  async verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    this.need('passwordLogin');
    const path = '/password-checks';
    const body = {
      login: credentials.login,
      password: credentials.password,
      ...(credentials.organizationId ? { organizationId: credentials.organizationId } : {}),
    };
    const answer = this.client.read(
      ApiPasswordCheck,
      await this.client.send({ method: 'POST', path, body }),
      path,
    );
    if (answer.ok) return { ok: true, userId: answer.userId };
    return {
      ok: false,
      reason: answer.reason,
      ...(answer.retryAfterSeconds ? { retryAfterSeconds: answer.retryAfterSeconds } : {}),
    };
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    return this.client.profile(userId);
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    return this.client.memberships(userId);
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    this.need('children');
    return this.client.children(userId);
  }

  async findBySnils(snils: string): Promise<SchoolRecordMatch[]> {
    this.need('snilsMatch');
    // The one SNILS rule (src/core/snils): a number whose check digits fail is never sent to the diary.
    const normalised = canonicalSnils(snils);
    return normalised ? this.client.schoolRecords(normalised) : [];
  }

  async markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    this.need('linkNotifications');
    return this.client.linkNotice('created', notice);
  }

  async unlink(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    this.need('linkNotifications');
    return this.client.linkNotice('removed', notice);
  }

  async submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    this.need('accessRequests');
    return this.client.submitAccessRequest(request);
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
    ) => routes.push({ route, present: present(await this.client.send(request)) });
    const found = (notFound: string) => (a: DiaryApiResponse) =>
      a.status === 200 || (a.status === 404 && this.client.codeOf(a) === notFound);
    const refusedAsInvalid = (a: DiaryApiResponse) =>
      (a.status === 400 || a.status === 422) && this.client.codeOf(a) !== undefined;
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
    return this.client.read(ApiActiveUsers, await this.client.send({ method: 'GET', path }), path);
  }

  async getAccessRequestStatus(externalId: string): Promise<AccessRequestStatus | null> {
    this.need('accessRequests');
    return this.client.accessRequestStatus(externalId);
  }
}
