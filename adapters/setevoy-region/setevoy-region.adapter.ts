import {
  CapabilityNotSupportedError,
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
  type OrganizationLevel,
  type OrganizationQuery,
  type PasswordCheck,
  type PasswordCredentials,
  type RouteProbe,
  type SchoolRecordMatch,
} from '../contract';
import { LoginFormItems } from './setevoy-api.schemas';
import { probeSetevoyExtension, setevoyExtension } from './setevoy-extension';
import type { DiaryApiClient } from '../diary-api/diary-api.extension';
import { checkPassword } from './setevoy-login';
import type { SetevoyRegionConfig } from './setevoy-region.config';
import { expectShape, SetevoyWeb, VENDOR } from './setevoy-web';

/** What a «Сетевой Регион» installation with the extension can do for the gateway. */
export const SETEVOY_CAPABILITIES: DiaryCapabilities = {
  passwordLogin: true,
  organizationSearch: true,
  snilsMatch: false,
  children: true,
  accessRequests: false,
  linkNotifications: true,
};

/**
 * `loginform` lists the level AFTER the one LASTNAME names: LASTNAME is the last level already chosen
 * (nm17/netschoolapi netschoolapi/login_form.py at 233081f^: «Ключ — текущий элемент, значение — следующий»).
 * So each contract level asks with the name of the level above it; «Населённый пункт» is `cn`.
 */
const LAST_CHOSEN: Record<OrganizationLevel, string> = {
  municipality: 'sid',
  settlement: 'pid',
  type: 'cn',
  organization: 'sft',
};
/** The id of «Все» at the settlement level: every settlement of the municipality. */
const ALL_SETTLEMENTS = '-1';
/** The vendor's account ids are integers; anything else is an id it never issued. */
const isAccountId = (userId: string) => /^\d{1,18}$/.test(userId);

/**
 * The «Сетевой Регион. Образование» adapter. The sign-in cascade and the password check go to the vendor's own
 * /webapi, as its public clients call it; everything about an account by id (profile with SNILS, memberships,
 * children) and the link notices go to the diary-API extension the vendor deploys, since its own API has them
 * only for a signed-in user, or not at all (README.md, call by call).
 */
export class SetevoyRegionAdapter implements DiaryAdapter {
  readonly kind = VENDOR;
  readonly capabilities = SETEVOY_CAPABILITIES;
  private readonly web: SetevoyWeb;
  private readonly extension: DiaryApiClient;

  constructor(
    private readonly config: SetevoyRegionConfig,
    deps: AdapterDeps,
  ) {
    this.web = new SetevoyWeb(deps.baseUrl, deps.timeoutMs);
    this.extension = setevoyExtension(config.extension, deps);
  }

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    const { chosen } = query;
    if (query.level !== 'municipality' && !chosen.municipality) return [];
    if (query.level === 'organization' && !chosen.type) return [];
    const params = new URLSearchParams({
      cid: String(this.config.countryId),
      sid: String(this.config.regionId),
    });
    if (query.level !== 'municipality') params.set('pid', chosen.municipality!);
    if (query.level === 'type' || query.level === 'organization')
      params.set('cn', chosen.settlement ?? ALL_SETTLEMENTS);
    if (query.level === 'organization') params.set('sft', chosen.type!);
    params.set('LASTNAME', LAST_CHOSEN[query.level]);
    const answer = await this.web.call('GET', `/webapi/loginform?${params.toString()}`);
    const text = query.text?.trim().toLowerCase();
    return expectShape(LoginFormItems, answer, 'loginform')
      .items.map((i) => ({ id: String(i.id), name: i.name }))
      .filter((i) => !text || i.name.toLowerCase().includes(text));
  }

  verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    return checkPassword(this.web, credentials);
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    return isAccountId(userId) ? this.extension.profile(userId) : null;
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    return isAccountId(userId) ? this.extension.memberships(userId) : [];
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    return isAccountId(userId) ? this.extension.children(userId) : [];
  }

  findBySnils(_snils: string): Promise<SchoolRecordMatch[]> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'snilsMatch'));
  }

  markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    if (!isAccountId(notice.userId)) return Promise.resolve('gone');
    return this.extension.linkNotice('created', notice);
  }

  unlink(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    if (!isAccountId(notice.userId)) return Promise.resolve('gone');
    return this.extension.linkNotice('removed', notice);
  }

  submitAccessRequest(): Promise<AccessRequestSubmission> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'accessRequests'));
  }

  getAccessRequestStatus(_externalId: string): Promise<AccessRequestStatus | null> {
    return Promise.reject(new CapabilityNotSupportedError(VENDOR, 'accessRequests'));
  }

  /**
   * Every route of README.md's table, changing nothing on the vendor's side: `logindata` and a `loginform` of
   * the region answer 200; the POST-only calls (getdata, login, logout) are asked with GET, which a route that
   * exists answers 405 and a missing one 404 (their calls would open a session); then the extension's probe.
   * No answer at all is an outage (VendorUnavailableError).
   */
  async probeRoutes(): Promise<RouteProbe> {
    const present = async (method: 'GET' | 'POST', path: string, route: string) => {
      const response = await this.web.call('GET', path);
      return { route: `${method} ${route}`, present: response.status !== 404 };
    };
    const region = `cid=${this.config.countryId}&sid=${this.config.regionId}&LASTNAME=sid`;
    const web = [
      await present('GET', '/webapi/logindata', '/webapi/logindata'),
      await present('GET', `/webapi/loginform?${region}`, '/webapi/loginform'),
      await present('POST', '/webapi/auth/getdata', '/webapi/auth/getdata'),
      await present('POST', '/webapi/login', '/webapi/login'),
      await present('POST', '/webapi/auth/logout', '/webapi/auth/logout'),
    ];
    return { routes: [...web, ...(await probeSetevoyExtension(this.extension))] };
  }
}
