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
  type LinkNoticeOutcome,
  type Membership,
  type OrganizationChoice,
  type OrganizationQuery,
  type PasswordCheck,
  type PasswordCredentials,
  type RouteProbe,
  type RouteProbeResult,
  type SchoolRecordMatch,
} from '../contract';
import { canonicalSnils } from '../../src/core/snils';
import { authOf } from '../diary-api/diary-api.adapter';
import { DiaryApiClient } from '../diary-api/diary-api.extension';
import { warnOfUnknownRoles } from '../shared/vendor-roles';
import type { Logger } from '../../src/logger';
import type { CopHmaoConfig } from './cop-hmao.config';
import { ELJUR_ROLES } from './eljur.roles';
import { AuthResult, EljurApiClient, RulesResult } from './eljur-api.client';

const KIND = 'cop-hmao';

/**
 * What ЦОП ХМАО-Югры can do: ЭлЖур itself offers the password check (off here: sign-in is through Госуслуги);
 * the extension offers the reads by user id, SNILS matching in the pupil files, the cascade and the access-request
 * queue. No link notices: the platform matches on every sign-in and learns the account from the SSO exchange.
 */
export const COP_HMAO_CAPABILITIES: DiaryCapabilities = {
  passwordLogin: false,
  organizationSearch: true,
  snilsMatch: true,
  children: true,
  accessRequests: true,
  linkNotifications: false,
};

/** The abilities of one instance: the password check only where its settings turn it on. */
export const copHmaoCapabilitiesOf = (config: CopHmaoConfig): DiaryCapabilities => ({
  ...COP_HMAO_CAPABILITIES,
  passwordLogin: config.passwordLogin,
});

/** Each route the adapter calls, as its README names it, with the ability that needs it (none: always). */
const EXTENSION_ROUTES: ReadonlyArray<{ route: string; ability?: keyof DiaryCapabilities }> = [
  { route: 'extension GET /users/{userId}' },
  { route: 'extension GET /users/{userId}/memberships' },
  { route: 'extension GET /users/{userId}/children', ability: 'children' },
  { route: 'extension POST /school-records/search', ability: 'snilsMatch' },
  { route: 'extension GET /organizations', ability: 'organizationSearch' },
  { route: 'extension POST /access-requests', ability: 'accessRequests' },
  { route: 'extension GET /access-requests/{id}', ability: 'accessRequests' },
];

/**
 * The DiaryAdapter of one ЦОП ХМАО-Югры instance (cop.admhmao.ru runs ЭлЖур): ЭлЖур's apiv3 for what ЭлЖур
 * offers (the password check: `auth`, then `getrules` for the account's id), the extension the platform deploys
 * (the published diary API) for the rest. See README.md for every call and its source.
 */
export class CopHmaoAdapter implements DiaryAdapter {
  readonly kind = KIND;
  readonly capabilities: DiaryCapabilities;
  private readonly eljur: EljurApiClient;
  /** The extension the platform deploys: the published diary API (adapters/diary-api's client). */
  private readonly extension: DiaryApiClient;
  private readonly logger: Logger;

  constructor(
    private readonly config: CopHmaoConfig,
    deps: AdapterDeps,
  ) {
    this.capabilities = copHmaoCapabilitiesOf(config);
    this.logger = deps.logger.child({ adapter: KIND, instance: deps.instanceId });
    this.eljur = new EljurApiClient(deps.baseUrl, config.apiPath, config.devkey, deps.timeoutMs);
    this.extension = new DiaryApiClient({
      vendor: KIND,
      label: 'extension ',
      apiUrl: `${deps.baseUrl.replace(/\/$/, '')}${config.extension.apiPath}`,
      auth: authOf(config.extension, deps),
      timeoutMs: deps.timeoutMs,
      clock: deps.clock,
    });
  }

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    return this.extension.organizations(query);
  }

  /**
   * ЭлЖур's `auth` (login and password posted as a form, at the instance's vendor), then `getrules` with the
   * token it gave, for the account's id; its `roles` are read through ELJUR_ROLES only to log a name the map
   * lacks (the decision takes the roles from the extension, which applies the same map). ЭлЖур's refusal of a login says nothing more than "refused" in any
   * public source, so every refusal is bad_credentials (a locked account included: unconfirmed).
   */
  async verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    if (!this.capabilities.passwordLogin || !this.config.vendor)
      throw new CapabilityNotSupportedError(KIND, 'passwordLogin');
    const vendor = this.config.vendor;
    const login = await this.eljur.call(
      'auth',
      vendor,
      { login: credentials.login, password: credentials.password },
      'POST',
    );
    if (login.kind === 'refused') return { ok: false, reason: 'bad_credentials' };
    const token = AuthResult.safeParse(login.result);
    if (!token.success)
      throw new VendorUnavailableError(KIND, `${this.eljur.where('auth')}: unexpected answer`, {
        cause: token.error,
      });
    const rules = await this.eljur.read(RulesResult, 'getrules', vendor, { auth_token: token.data.token });
    warnOfUnknownRoles(this.logger, ELJUR_ROLES, rules.roles);
    return { ok: true, userId: rules.id };
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    return this.extension.profile(userId);
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    return this.extension.memberships(userId);
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    return this.extension.children(userId);
  }

  /** Every profile whose pupil-file record carries this SNILS; the SNILS travels in a signed body, never a URL. */
  async findBySnils(snils: string): Promise<SchoolRecordMatch[]> {
    // The one SNILS rule (src/core/snils): a number whose check digits fail is never sent to the platform.
    const normalised = canonicalSnils(snils);
    return normalised ? this.extension.schoolRecords(normalised) : [];
  }

  async markLinked(): Promise<LinkNoticeOutcome> {
    throw new CapabilityNotSupportedError(KIND, 'linkNotifications');
  }

  async unlink(): Promise<LinkNoticeOutcome> {
    throw new CapabilityNotSupportedError(KIND, 'linkNotifications');
  }

  /** Idempotent on requestId (the Idempotency-Key); an unknown organization or a request it will not take is a result. */
  async submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    return this.extension.submitAccessRequest(request);
  }

  async getAccessRequestStatus(externalId: string): Promise<AccessRequestStatus | null> {
    return this.extension.accessRequestStatus(externalId);
  }

  /**
   * Changes nothing: the extension's `GET /capabilities` says which of its routes exist (a 404 there: none);
   * with the password check, ЭлЖур's `getrules` without a token answers its envelope when apiv3 is there.
   */
  async probeRoutes(): Promise<RouteProbe> {
    const declared = await this.extension.capabilities();
    const routes: RouteProbeResult[] = [
      { route: 'extension GET /capabilities', present: declared !== undefined },
      ...EXTENSION_ROUTES.filter((r) => !r.ability || this.capabilities[r.ability]).map((r) => ({
        route: r.route,
        present: declared !== undefined && (!r.ability || declared.abilities[r.ability]),
      })),
    ];
    if (this.capabilities.passwordLogin && this.config.vendor) {
      // One harmless call tells for both: apiv3 is there when it answers in its envelope, a refusal included.
      const present = await this.eljurAnswers(this.config.vendor);
      routes.push(
        { route: `ЭлЖур POST ${this.eljur.where('auth')}`, present },
        { route: `ЭлЖур GET ${this.eljur.where('getrules')}`, present },
      );
    }
    return { routes };
  }

  /** Whether apiv3 answers at all: `getrules` without a token is refused in the envelope when it is there. */
  private async eljurAnswers(vendor: string): Promise<boolean> {
    try {
      await this.eljur.call('getrules', vendor, {});
      return true;
    } catch (err) {
      if (
        err instanceof VendorUnavailableError &&
        err.fault === 'configuration' &&
        /envelope/.test(err.message)
      )
        return false;
      throw err;
    }
  }
}
