import type { Logger } from '../../src/logger';
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
  type DiaryRole,
  type LinkNotice,
  type LinkNoticeOutcome,
  type Membership,
  type OrganizationChoice,
  type PasswordCheck,
  type PasswordCredentials,
  type SchoolRecordMatch,
} from '../contract';
import { DnevnikApiClient, VENDOR, errorType } from './dnevnik-api.client';
import type { DnevnikConfig } from './dnevnik.config';
import {
  ChildrenPayload,
  MembershipsPayload,
  PasswordOkPayload,
  UserPayload,
  diaryRole,
  isoBirthDate,
  membershipsOf,
  organizationOf,
} from './dnevnik.payloads';

/** What Дневник.ру can do for the gateway: passwords, children and link notices; no SNILS, no cascade, no queue. */
export const DNEVNIK_CAPABILITIES: DiaryCapabilities = {
  passwordLogin: true,
  organizationSearch: false,
  snilsMatch: false,
  children: true,
  accessRequests: false,
  linkNotifications: true,
};

/** A 64-bit id as the API takes it in a path; anything else cannot name an account. */
const ID = /^\d{1,19}$/;

/** The gateway's view of one Дневник.ру instance, over its REST API v2. */
export class DnevnikAdapter implements DiaryAdapter {
  readonly kind = VENDOR;
  readonly capabilities = DNEVNIK_CAPABILITIES;
  private readonly api: DnevnikApiClient;
  private readonly logger: Logger;

  constructor(
    private readonly config: DnevnikConfig,
    private readonly deps: AdapterDeps,
  ) {
    const accessToken = deps.secret ?? config.demoAccessToken;
    if (!accessToken) throw new Error(`instance ${deps.instanceId}: the Дневник.ру Access-Token is not set`);
    this.logger = deps.logger.child({ adapter: VENDOR, instance: deps.instanceId });
    if (deps.secret === undefined)
      this.logger.warn('credential unset: using the demo Access-Token (demo only)');
    this.api = new DnevnikApiClient({
      baseUrl: deps.baseUrl,
      apiPrefix: config.apiPrefix,
      accessToken,
      timeoutMs: deps.timeoutMs,
    });
  }

  async searchOrganizations(): Promise<OrganizationChoice[]> {
    throw new CapabilityNotSupportedError(VENDOR, 'organizationSearch');
  }

  async verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    const response = await this.api.call('POST', '/authorizations/password', {
      login: credentials.login,
      password: credentials.password,
    });
    if (response.status === 200)
      return { ok: true, userId: this.api.expect(response, PasswordOkPayload, 'password check').user_str };
    const type = errorType(response);
    if (response.status === 401 && type === 'invalidCredentials')
      return { ok: false, reason: 'bad_credentials' };
    if (response.status === 403 && type === 'userBlocked') return { ok: false, reason: 'account_locked' };
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        ok: false,
        reason: 'rate_limited',
        ...(Number.isFinite(retryAfter) && retryAfter > 0
          ? { retryAfterSeconds: Math.ceil(retryAfter) }
          : {}),
      };
    }
    throw new VendorUnavailableError(VENDOR, `password check: unexpected HTTP ${response.status}`);
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    if (!ID.test(userId)) return null;
    const response = await this.api.call('GET', `/users/${userId}`);
    if (response.status === 404) return null;
    const user = this.api.expect(response, UserPayload, 'user');
    return {
      userId: user.id_str,
      lastName: user.lastName,
      firstName: user.firstName,
      middleName: user.middleName || null,
      birthDate: isoBirthDate(user.birthday),
      // Дневник.ру does not hand SNILS to third parties.
      snils: null,
      roles: await this.rolesOf(user.id_str, user.roles),
      locked: user.isBlocked ?? false,
    };
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    if (!ID.test(userId)) return [];
    const response = await this.api.call('GET', `/users/${userId}/memberships`);
    if (response.status === 404) return [];
    return membershipsOf(this.api.expect(response, MembershipsPayload, 'memberships'));
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    if (!ID.test(userId)) return [];
    const response = await this.api.call('GET', `/users/${userId}/children`);
    if (response.status === 404) return [];
    return this.api.expect(response, ChildrenPayload, 'children').map((child) => ({
      userId: child.userId_str ?? null,
      lastName: child.lastName,
      firstName: child.firstName,
      birthDate: isoBirthDate(child.birthday),
      organization: child.school ? organizationOf(child.school) : null,
    }));
  }

  async findBySnils(): Promise<SchoolRecordMatch[]> {
    throw new CapabilityNotSupportedError(VENDOR, 'snilsMatch');
  }

  async markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    return this.notify('POST', notice, `/users/${notice.userId}/esia-link`, {
      linkId: notice.linkId,
      linkedAt: notice.at.toISOString(),
    });
  }

  async unlink(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    // The link id travels along so that a late unlink of an old link leaves a newer one alone.
    const query = new URLSearchParams({ linkId: notice.linkId });
    return this.notify('DELETE', notice, `/users/${notice.userId}/esia-link?${query.toString()}`);
  }

  async submitAccessRequest(_request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    throw new CapabilityNotSupportedError(VENDOR, 'accessRequests');
  }

  async getAccessRequestStatus(_externalId: string): Promise<AccessRequestStatus | null> {
    throw new CapabilityNotSupportedError(VENDOR, 'accessRequests');
  }

  /** EduStaff needs the positions (teacher or not), which only the memberships carry. */
  private async rolesOf(userId: string, vendorRoles: readonly string[]): Promise<DiaryRole[]> {
    const roles = vendorRoles.includes('EduStaff')
      ? (await this.listMemberships(userId)).map((m) => m.role)
      : vendorRoles.map((role) => diaryRole(role, null)).filter((r): r is DiaryRole => r !== null);
    return [...new Set(roles)];
  }

  /**
   * A link notice: 2xx is done. Only the API's own `userNotFound` (or an id it never issues) is gone: any
   * other 404, e.g. a wrong apiPrefix, is a broken configuration the outbox must keep retrying and alerting on.
   */
  private async notify(
    method: 'POST' | 'DELETE',
    notice: LinkNotice,
    path: string,
    body?: unknown,
  ): Promise<LinkNoticeOutcome> {
    if (!ID.test(notice.userId)) return 'gone';
    const response = await this.api.call(method, path, body);
    if (response.status >= 200 && response.status < 300) return 'done';
    if (response.status === 404 && errorType(response) === 'userNotFound') return 'gone';
    throw new VendorUnavailableError(VENDOR, `link notice: unexpected HTTP ${response.status}`);
  }
}
