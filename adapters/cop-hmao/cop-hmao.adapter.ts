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
  type DiaryRole,
  type LinkNoticeOutcome,
  type Membership,
  type OrganizationChoice,
  type OrganizationQuery,
  type PasswordCheck,
  type SchoolRecordMatch,
} from '../contract';
import { canonicalSnils, spelledSnils } from '../../src/core/snils';
import { vendorRequest, type VendorResponse } from '../shared/vendor-http';
import {
  ApiAccessRequest,
  ApiChildren,
  ApiError,
  ApiMemberships,
  ApiOrganizations,
  ApiProfile,
  ApiRecords,
  isoFromRuDate,
  mapRole,
  toOrganization,
} from './cop-hmao.api';
import type { CopHmaoConfig } from './cop-hmao.config';

const KIND = 'cop-hmao';

/**
 * ЦОП ХМАО-Югры: no diary passwords (sign-in is ESIA only), school records with SNILS for automatic matching,
 * and the platform's own queue of access requests. Links are not reported: the platform matches on every
 * sign-in and learns the account from the SSO exchange.
 */
export const COP_HMAO_CAPABILITIES: DiaryCapabilities = {
  passwordLogin: false,
  organizationSearch: true,
  snilsMatch: true,
  children: true,
  accessRequests: true,
  linkNotifications: false,
};

const uniqueBy = <T>(items: T[], key: (item: T) => string): T[] => [
  ...new Map(items.map((item) => [key(item), item])).values(),
];

/** The DiaryAdapter of one ЦОП ХМАО-Югры instance, over its integration API (X-Api-Key). */
export class CopHmaoAdapter implements DiaryAdapter {
  readonly kind = KIND;
  readonly capabilities = COP_HMAO_CAPABILITIES;
  private readonly apiKey: string;

  constructor(
    private readonly config: CopHmaoConfig,
    private readonly deps: AdapterDeps,
  ) {
    this.apiKey = deps.secret ?? config.demoApiKey;
    if (!deps.secret)
      deps.logger.warn(
        { instance: deps.instanceId },
        'ЦОП ХМАО-Югры: the instance credential is unset; using the demo API key (development only)',
      );
  }

  /** One call to the integration API; `null` on 404; anything but 2xx or a readable body is an outage. */
  private async call<S extends z.ZodType>(
    schema: S,
    path: string,
    init: RequestInit = {},
  ): Promise<z.infer<S> | null> {
    const response = await this.send(path, init);
    if (response.status === 404) return null;
    return this.read(schema, response, path);
  }

  /** The raw answer of one integration API call; a refused API key is the instance's misconfiguration. */
  private async send(path: string, init: RequestInit = {}): Promise<VendorResponse> {
    const url = `${this.deps.baseUrl.replace(/\/$/, '')}${this.config.apiPath}${path}`;
    const response = await vendorRequest(KIND, url, {
      ...init,
      headers: { 'X-Api-Key': this.apiKey, Accept: 'application/json', ...init.headers },
      timeoutMs: this.deps.timeoutMs,
    });
    if (response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(
        KIND,
        `${this.where(path)}: API key refused (HTTP ${response.status})`,
      );
    return response;
  }

  /** A 2xx body in the shape `schema` says, else an outage naming the path (never the body). */
  private read<S extends z.ZodType>(schema: S, response: VendorResponse, path: string): z.infer<S> {
    if (response.status < 200 || response.status > 299)
      throw new VendorUnavailableError(KIND, `${this.where(path)}: HTTP ${response.status}`);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success)
      throw new VendorUnavailableError(KIND, `${this.where(path)}: unexpected answer`, {
        cause: parsed.error,
      });
    return parsed.data;
  }

  private where(path: string): string {
    return `${this.config.apiPath}${path.split('?')[0]}`;
  }

  async searchOrganizations(query: OrganizationQuery): Promise<OrganizationChoice[]> {
    // The platform's cascade has no «Населённый пункт»: the form skips the level.
    if (query.level === 'settlement') return [];
    const params = new URLSearchParams();
    if (query.level !== 'municipality' && query.chosen.municipality)
      params.set('municipality', query.chosen.municipality);
    if (query.level === 'organization' && query.chosen.type) params.set('type', query.chosen.type);
    if (query.level === 'organization' && query.text) params.set('q', query.text);
    const found = (await this.call(ApiOrganizations, `/organizations?${params}`))?.items ?? [];
    if (query.level === 'organization') return found.map((o) => ({ id: o.id, name: o.shortName }));
    // The platform has no municipality or type ids: the name is the id the next level filters by.
    const names = found.map((o) => (query.level === 'municipality' ? o.municipality : o.type) ?? '');
    const text = query.text?.toLocaleLowerCase('ru') ?? '';
    return [...new Set(names)]
      .filter((name) => name && name.toLocaleLowerCase('ru').includes(text))
      .map((name) => ({ id: name, name }));
  }

  async verifyPassword(): Promise<PasswordCheck> {
    throw new CapabilityNotSupportedError(KIND, 'passwordLogin');
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    const p = await this.call(ApiProfile, `/profiles/${encodeURIComponent(userId)}`);
    if (!p) return null;
    return {
      userId: p.id,
      lastName: p.lastName,
      firstName: p.firstName,
      middleName: p.middleName || null,
      birthDate: isoFromRuDate(p.birthDate),
      snils: spelledSnils(p.snils),
      roles: [...new Set(p.roles.map(mapRole).filter((r): r is DiaryRole => r !== null))],
      locked: p.blocked,
    };
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    const answer = await this.call(ApiMemberships, `/profiles/${encodeURIComponent(userId)}/memberships`);
    return toMemberships(answer?.items ?? []);
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    const answer = await this.call(ApiChildren, `/profiles/${encodeURIComponent(userId)}/children`);
    return (answer?.items ?? []).map((c) => ({
      userId: c.userId,
      lastName: c.lastName,
      firstName: c.firstName,
      birthDate: isoFromRuDate(c.birthDate),
      organization: c.organization ? toOrganization(c.organization) : null,
    }));
  }

  /** Every profile with a record (its own, or as a representative in a pupil file) carrying this SNILS. */
  async findBySnils(snils: string): Promise<SchoolRecordMatch[]> {
    // The one SNILS rule (src/core/snils): a number whose check digits fail is never sent to the platform.
    const normalised = canonicalSnils(snils);
    if (!normalised) return [];
    const answer = await this.call(ApiRecords, `/records?snils=${encodeURIComponent(normalised)}`);
    const byUser = new Map<string, NonNullable<typeof answer>['items']>();
    for (const item of answer?.items ?? [])
      byUser.set(item.userId, [...(byUser.get(item.userId) ?? []), item]);
    return [...byUser].map(([userId, items]) => ({
      userId,
      birthDate: items.map((i) => isoFromRuDate(i.birthDate)).find((d) => d !== null) ?? null,
      memberships: toMemberships(items),
    }));
  }

  async markLinked(): Promise<LinkNoticeOutcome> {
    throw new CapabilityNotSupportedError(KIND, 'linkNotifications');
  }

  async unlink(): Promise<LinkNoticeOutcome> {
    throw new CapabilityNotSupportedError(KIND, 'linkNotifications');
  }

  /**
   * Idempotent on requestId: the platform answers a repeat with the same id. Its 422 UNKNOWN_ORGANIZATION and
   * 400 VALIDATION_FAILED are refusals of this request (a retry gets the same), so they are results.
   */
  async submitAccessRequest(request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    const path = '/access-requests';
    const response = await this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    const code = ApiError.safeParse(response.body).data?.error.code;
    if (response.status === 422 && code === 'UNKNOWN_ORGANIZATION')
      return { ok: false, reason: 'organization_unknown' };
    if ((response.status === 400 || response.status === 422) && code !== undefined)
      return { ok: false, reason: 'invalid_request' };
    return { ok: true, externalId: this.read(ApiAccessRequest, response, path).id };
  }

  async getAccessRequestStatus(externalId: string): Promise<AccessRequestStatus | null> {
    const answer = await this.call(ApiAccessRequest, `/access-requests/${encodeURIComponent(externalId)}`);
    if (!answer) return null;
    return {
      status: STATUSES[answer.status],
      resolution: answer.resolution ?? null,
      userId: answer.userId ?? null,
    };
  }
}

/** The platform's request statuses in the contract's words. */
const STATUSES = { NEW: 'open', RESOLVED: 'resolved', REJECTED: 'rejected' } as const;

function toMemberships(
  items: ReadonlyArray<{ organization: Parameters<typeof toOrganization>[0]; role: string }>,
) {
  const memberships = items.flatMap((i): Membership[] => {
    const role = mapRole(i.role);
    return role ? [{ organization: toOrganization(i.organization), role }] : [];
  });
  return uniqueBy(memberships, (m) => `${m.organization.id}/${m.role}`);
}
