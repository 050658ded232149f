import {
  CapabilityNotSupportedError,
  type AdapterDeps,
  type DiaryAdapter,
  type DiaryCapabilities,
  type DiaryChild,
  type DiaryProfile,
  type LinkNotice,
  type Membership,
  type OrganizationChoice,
  type OrganizationQuery,
  type PasswordCheck,
  type PasswordCredentials,
  type SchoolRecordMatch,
} from '../contract';
import { expectShape, VENDOR, type SetevoyApiClient } from './setevoy-api.client';
import { LoginFormItems, MySettings, UserContext } from './setevoy-api.schemas';
import { checkPassword } from './setevoy-login';
import { mapRoles, normaliseSnils, toIsoDate, toOrganization } from './setevoy-mapping';
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

/** Cascade level → the form's field name (LASTNAME) and the choices it needs from above. */
const LEVELS = { municipality: 'pid', type: 'sft', organization: 'scid' } as const;
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
      snils: normaliseSnils(settings.snils),
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

  async markLinked(notice: LinkNotice): Promise<void> {
    const answer = await this.api.integration('PUT', `/users/${this.accountPath(notice.userId)}/esia-link`, {
      linkId: notice.linkId,
      linkedAt: notice.at.toISOString(),
    });
    if (answer.status !== 204 && answer.status !== 200)
      throw new Error(`${VENDOR}: marking user's link failed with HTTP ${answer.status}`);
  }

  async unlink(notice: LinkNotice): Promise<void> {
    const path = `/users/${this.accountPath(notice.userId)}/esia-link/${encodeURIComponent(notice.linkId)}`;
    const answer = await this.api.integration('DELETE', path);
    // An account the vendor no longer has is as unlinked as it gets.
    if (answer.status !== 204 && answer.status !== 200 && answer.status !== 404)
      throw new Error(`${VENDOR}: unlinking failed with HTTP ${answer.status}`);
  }

  handOffUrl(code: string): string {
    const url = new URL(this.config.ssoPath, this.deps.baseUrl);
    url.searchParams.set('code', code);
    return url.toString();
  }

  submitAccessRequest(): Promise<{ externalId: string }> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'accessRequests'));
  }

  private accountPath(userId: string): string {
    if (!isAccountId(userId)) throw new Error(`${VENDOR}: not an account id`);
    return userId;
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
