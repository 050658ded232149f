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
import { canonicalSnils, spelledSnils } from '../../src/core/snils';
import {
  ApiAccessRequest,
  ApiCapabilities,
  ApiChildren,
  ApiMemberships,
  ApiOrganizationChoices,
  ApiProfile,
  ApiSchoolRecords,
} from '../diary-api/diary-api.schemas';
import type { CopHmaoConfig } from './cop-hmao.config';
import { CopHmaoExtension } from './cop-hmao.extension';
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
  private readonly extension: CopHmaoExtension;

  constructor(
    private readonly config: CopHmaoConfig,
    deps: AdapterDeps,
  ) {
    this.capabilities = copHmaoCapabilitiesOf(config);
    this.eljur = new EljurApiClient(deps.baseUrl, config.apiPath, config.devkey, deps.timeoutMs);
    this.extension = new CopHmaoExtension(config, deps);
  }

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    const params = new URLSearchParams({ level: query.level });
    for (const [level, id] of Object.entries(query.chosen)) params.set(level, id);
    if (query.text) params.set('q', query.text);
    const path = `/organizations?${params}`;
    const response = await this.extension.send({ method: 'GET', path });
    return this.extension.read(ApiOrganizationChoices, response, path).items;
  }

  /**
   * ЭлЖур's `auth` (login and password posted as a form, at the instance's vendor), then `getrules` with the
   * token it gave, for the account's id. ЭлЖур's refusal of a login says nothing more than "refused" in any
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
    return { ok: true, userId: rules.id };
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    const path = `/users/${encodeURIComponent(userId)}`;
    const p = await this.extension.get(ApiProfile, path, 'user_not_found');
    if (!p) return null;
    // The school's SNILS as it is, typos included (issue 20): the link compares it and says the data differ.
    return { ...p, snils: spelledSnils(p.snils), roles: [...new Set(p.roles)] };
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    const path = `/users/${encodeURIComponent(userId)}/memberships`;
    const answer = await this.extension.get(ApiMemberships, path, 'user_not_found');
    return (answer?.items ?? []).map(toMembership);
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    const path = `/users/${encodeURIComponent(userId)}/children`;
    const answer = await this.extension.get(ApiChildren, path, 'user_not_found');
    return (answer?.items ?? []).map((c) => ({
      ...c,
      organization: c.organization ? toOrganization(c.organization) : null,
    }));
  }

  /** Every profile whose pupil-file record carries this SNILS; the SNILS travels in a signed body, never a URL. */
  async findBySnils(snils: string): Promise<SchoolRecordMatch[]> {
    // The one SNILS rule (src/core/snils): a number whose check digits fail is never sent to the platform.
    const normalised = canonicalSnils(snils);
    if (!normalised) return [];
    const path = '/school-records/search';
    const response = await this.extension.send({ method: 'POST', path, body: { snils: normalised } });
    return this.extension.read(ApiSchoolRecords, response, path).items.map((r) => ({
      userId: r.userId,
      birthDate: r.birthDate,
      memberships: r.memberships.map(toMembership),
    }));
  }

  async markLinked(): Promise<LinkNoticeOutcome> {
    throw new CapabilityNotSupportedError(KIND, 'linkNotifications');
  }

  async unlink(): Promise<LinkNoticeOutcome> {
    throw new CapabilityNotSupportedError(KIND, 'linkNotifications');
  }

  /** Idempotent on requestId (the Idempotency-Key); an unknown organization or a request it will not take is a result. */
  async submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    const path = '/access-requests';
    const response = await this.extension.send({
      method: 'POST',
      path,
      headers: { 'Idempotency-Key': request.requestId },
      body: request,
    });
    const code = this.extension.codeOf(response);
    if (response.status === 422 && code === 'organization_unknown')
      return { ok: false, reason: 'organization_unknown' };
    if ((response.status === 400 || response.status === 422) && code === 'invalid_request')
      return { ok: false, reason: 'invalid_request' };
    return { ok: true, externalId: this.extension.read(ApiAccessRequest, response, path).id };
  }

  async getAccessRequestStatus(externalId: string): Promise<AccessRequestStatus | null> {
    const path = `/access-requests/${encodeURIComponent(externalId)}`;
    const answer = await this.extension.get(ApiAccessRequest, path, 'request_not_found');
    return answer ? { status: answer.status, resolution: answer.resolution, userId: answer.userId } : null;
  }

  /**
   * Changes nothing: the extension's `GET /capabilities` says which of its routes exist (a 404 there: none);
   * with the password check, ЭлЖур's `getrules` without a token answers its envelope when apiv3 is there.
   */
  async probeRoutes(): Promise<RouteProbe> {
    const response = await this.extension.send({ method: 'GET', path: '/capabilities' });
    const declared = response.status === 200 ? ApiCapabilities.safeParse(response.json).data : undefined;
    if (!declared && response.status !== 404)
      throw new VendorUnavailableError(KIND, `extension /capabilities: HTTP ${response.status}`);
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

/** An organization of the diary API as the contract's (the extension's optional `settlement` dropped). */
function toOrganization(o: Membership['organization'] & { settlement?: string }): Membership['organization'] {
  const { id, name, municipality, type } = o;
  return { id, name, ...(municipality ? { municipality } : {}), ...(type ? { type } : {}) };
}

function toMembership(m: { organization: Membership['organization']; role: Membership['role'] }): Membership {
  return { role: m.role, organization: toOrganization(m.organization) };
}
