import {
  CapabilityNotSupportedError,
  VendorUnavailableError,
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
  type PasswordCredentials,
  type SchoolRecordMatch,
} from '../contract';
import { spelledSnils } from '../../src/core/snils';
import { expectShape, VENDOR, type SetevoyApiClient } from './setevoy-api.client';
import type { VendorResponse } from '../shared/vendor-http';
import { LoginFormItems, MySettings, UserContext } from './setevoy-api.schemas';
import { checkPassword } from './setevoy-login';
import { mapRoles, toIsoDate, toOrganization } from './setevoy-mapping';
import type { SetevoyRegionConfig } from './setevoy-region.config';

/** What a «Сетевой Регион» installation can do for the gateway. */
export const SETEVOY_CAPABILITIES: DiaryCapabilities = {
  passwordLogin: true,
  organizationSearch: true,
  snilsMatch: false,
  children: true,
  accessRequests: false,
  linkNotifications: true,
};

/** Cascade level → the form's field name (LASTNAME); «Населённый пункт» is `cn`. */
const LEVELS = { municipality: 'pid', settlement: 'cn', type: 'sft', organization: 'scid' } as const;
const isAccountId = (userId: string) => /^\d{1,18}$/.test(userId);

/**
 * The «Сетевой Регион. Образование» adapter: the sign-in cascade and the password protocol through the
 * vendor's public /webapi, everything about a known account through its integration API.
 */
export class SetevoyRegionAdapter implements DiaryAdapter {
  readonly kind = VENDOR;
  readonly capabilities = SETEVOY_CAPABILITIES;

  constructor(
    private readonly config: SetevoyRegionConfig,
    private readonly deps: AdapterDeps,
    private readonly api: SetevoyApiClient,
  ) {}

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    const { chosen } = query;
    if (query.level !== 'municipality' && !chosen.municipality) return [];
    if (query.level === 'organization' && !chosen.type) return [];
    const params = new URLSearchParams({
      cid: String(this.config.countryId),
      sid: String(this.config.regionId),
      pid: chosen.municipality ?? '',
      // «Все»: without a settlement, every settlement of the municipality.
      cn: chosen.settlement ?? '-1',
      sft: chosen.type ?? '',
      scid: '',
      LASTNAME: LEVELS[query.level],
    });
    const answer = await this.api.call('GET', `/webapi/loginform?${params.toString()}`);
    const text = query.text?.trim().toLowerCase();
    return expectShape(LoginFormItems, answer, 'loginform')
      .items.map((i) => ({ id: String(i.id), name: i.name }))
      .filter((i) => !text || i.name.toLowerCase().includes(text));
  }

  verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    return checkPassword(this.api, credentials);
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    if (!isAccountId(userId)) return null;
    const [settings, context] = await Promise.all([this.settings(userId), this.context(userId)]);
    if (!settings || !context) return null;
    return {
      userId: String(settings.userId),
      lastName: settings.lastName,
      firstName: settings.firstName,
      middleName: settings.middleName || null,
      birthDate: toIsoDate(settings.birthDate),
      snils: spelledSnils(settings.snils),
      roles: mapRoles(context.roles),
      locked: settings.accountLocked,
    };
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    const context = isAccountId(userId) ? await this.context(userId) : null;
    return (context?.schools ?? []).flatMap((school) =>
      mapRoles(school.roles).map((role) => ({ organization: toOrganization(school), role })),
    );
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    const context = isAccountId(userId) ? await this.context(userId) : null;
    return (context?.children ?? []).map((child) => ({
      userId: child.userId === null ? null : String(child.userId),
      lastName: child.lastName,
      firstName: child.firstName,
      birthDate: toIsoDate(child.birthDate),
      organization:
        child.schoolId === null ? null : toOrganization({ id: child.schoolId, name: child.schoolName ?? '' }),
    }));
  }

  findBySnils(_snils: string): Promise<SchoolRecordMatch[]> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'snilsMatch'));
  }

  async markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    if (!isAccountId(notice.userId)) return 'gone';
    const answer = await this.api.integration('PUT', `/users/${notice.userId}/esia-link`, {
      linkId: notice.linkId,
      linkedAt: notice.at.toISOString(),
    });
    return noticeOutcome(answer, 'mark link');
  }

  async unlink(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    if (!isAccountId(notice.userId)) return 'gone';
    const path = `/users/${notice.userId}/esia-link/${encodeURIComponent(notice.linkId)}`;
    return noticeOutcome(await this.api.integration('DELETE', path), 'unlink');
  }

  submitAccessRequest(): Promise<AccessRequestSubmission> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'accessRequests'));
  }

  getAccessRequestStatus(_externalId: string): Promise<AccessRequestStatus | null> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'accessRequests'));
  }

  private async settings(userId: string) {
    const answer = await this.api.integration('GET', `/users/${userId}/mysettings`);
    return answer.status === 404 ? null : expectShape(MySettings, answer, 'integration mysettings');
  }

  private async context(userId: string): Promise<UserContext | null> {
    const answer = await this.api.integration('GET', `/users/${userId}/context`);
    return answer.status === 404 ? null : expectShape(UserContext, answer, 'integration context');
  }
}

/**
 * A link notice's answer: 2xx is done; the integration API's JSON 404 («Пользователь не найден») is gone. A 404
 * without that body is a wrong path (a broken installation), so it stays an error the outbox retries.
 */
function noticeOutcome(answer: VendorResponse, what: string): LinkNoticeOutcome {
  if (answer.status === 200 || answer.status === 204) return 'done';
  if (answer.status === 404 && typeof answer.body === 'object' && answer.body !== null) return 'gone';
  throw new VendorUnavailableError(VENDOR, `${what}: unexpected HTTP ${answer.status}`);
}
