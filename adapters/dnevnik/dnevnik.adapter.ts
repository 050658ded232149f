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
  type LinkNotice,
  type LinkNoticeOutcome,
  type Membership,
  type OrganizationChoice,
  type PasswordCheck,
  type PasswordCredentials,
  type RouteProbe,
  type RouteProbeResult,
  type SchoolRecordMatch,
} from '../contract';
import { authWithSecret } from '../diary-api/diary-api.adapter';
import { DiaryApiClient } from '../diary-api/diary-api.extension';
import { ApiCapabilities } from '../diary-api/diary-api.schemas';
import { DnevnikApiClient, VENDOR, errorOf } from './dnevnik-api.client';
import { DNEVNIK_DEMO_CLIENT_SECRET, DnevnikCredential, type DnevnikConfig } from './dnevnik.config';
import { CredentialsPayload, UserPayload } from './dnevnik.payloads';
import { DNEVNIK_ROLES } from './dnevnik.roles';
import { warnOfUnknownRoles } from '../shared/vendor-roles';

/** What Дневник.ру can do for the gateway: passwords (its own API), children and link notices (the extension). */
export const DNEVNIK_CAPABILITIES: DiaryCapabilities = {
  passwordLogin: true,
  organizationSearch: false,
  snilsMatch: false,
  children: true,
  accessRequests: false,
  linkNotifications: true,
};

/** A 64-bit id as Дневник.ру issues them; anything else cannot name an account there. */
const ID = /^\d{1,19}$/;

/**
 * The refusal `reason` the emulator gives a blocked account. Unconfirmed: LoginResponse.java declares `reason`
 * but no public client shows its values (README.md).
 */
const BLOCKED_REASON = /blocked/i;

/** The instance's two secrets: from its credential variable, or the demo ones when that is unset and allowed. */
function credentialOf(config: DnevnikConfig, deps: AdapterDeps): DnevnikCredential {
  if (deps.secret === undefined) {
    const demoSecret = config.extension.auth.type === 'hmac' ? config.extension.auth.demoSecret : undefined;
    if (!config.allowDemoCredentials || !demoSecret)
      throw new Error(`instance ${deps.instanceId}: the Дневник.ру credential variable is not set`);
    deps.logger.warn(
      { adapter: VENDOR, instance: deps.instanceId },
      'credential unset: using the demo application and extension secrets (demo only)',
    );
    return { clientSecret: DNEVNIK_DEMO_CLIENT_SECRET, extensionSecret: demoSecret };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(deps.secret);
  } catch {
    parsed = undefined;
  }
  const credential = DnevnikCredential.safeParse(parsed);
  // The value itself never goes into the message: it is a secret.
  if (!credential.success)
    throw new Error(
      `instance ${deps.instanceId}: the Дневник.ру credential must be JSON {"clientSecret": …, "extensionSecret": …}`,
    );
  return credential.data;
}

/**
 * The gateway's view of one Дневник.ру instance. The password check is the vendor's own API (an application's
 * `bycredentials` authorization, then `GET /v2/users/me` with the user's token for the exact id); everything the
 * gateway reads by an arbitrary user id, and the link notices, go through the diary-API extension the vendor
 * deploys, because Дневник.ру's own API answers only to a user's token and the gateway keeps none (README.md).
 */
export class DnevnikAdapter implements DiaryAdapter {
  readonly kind = VENDOR;
  readonly capabilities = DNEVNIK_CAPABILITIES;
  private readonly api: DnevnikApiClient;
  /** The extension the vendor deploys: the published diary API (adapters/diary-api's client). */
  private readonly extension: DiaryApiClient;
  private readonly clientSecret: string;
  private readonly logger: Logger;

  constructor(
    private readonly config: DnevnikConfig,
    deps: AdapterDeps,
  ) {
    const credential = credentialOf(config, deps);
    this.clientSecret = credential.clientSecret;
    this.logger = deps.logger.child({ adapter: VENDOR, instance: deps.instanceId });
    const apiUrl = config.apiUrl ?? deps.baseUrl;
    this.api = new DnevnikApiClient(apiUrl, deps.timeoutMs);
    this.extension = new DiaryApiClient({
      vendor: VENDOR,
      label: 'extension ',
      apiUrl: `${(config.extension.url ?? deps.baseUrl).replace(/\/$/, '')}${config.extension.apiPath}`,
      auth: authWithSecret(config.extension.auth, credential.extensionSecret),
      timeoutMs: deps.timeoutMs,
      clock: deps.clock,
    });
  }

  private get apiPath(): string {
    return this.config.apiPrefix.replace(/\/$/, '');
  }

  async searchOrganizations(): Promise<OrganizationChoice[]> {
    throw new CapabilityNotSupportedError(VENDOR, 'organizationSearch');
  }

  /**
   * `POST …/authorizations/bycredentials` as alllexey123/dnevnik-mobile-api sends it (LoginRequest.java), then
   * `GET /v2/users/me` with the token for the account's exact id (its `roles` read through DNEVNIK_ROLES only to
   * log a name the map lacks). The token is dropped at once: the gateway never acts as the user.
   */
  async verifyPassword(credentials: PasswordCredentials): Promise<PasswordCheck> {
    const response = await this.api.call('POST', this.config.credentialsPath, {
      body: {
        agreeTerms: false,
        clientId: this.config.clientId,
        clientSecret: this.clientSecret,
        scope: this.config.scope,
        username: credentials.login,
        password: credentials.password,
      },
    });
    const refusal = errorOf(response);
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
    if (refusal?.type === 'authorizationFailed')
      return {
        ok: false,
        reason: refusal.reason && BLOCKED_REASON.test(refusal.reason) ? 'account_locked' : 'bad_credentials',
      };
    if (refusal && refusal.type !== 'Success')
      // Not the user's refusal: the application itself (clientId/clientSecret) or the request was refused.
      throw new VendorUnavailableError(VENDOR, `password authorization refused: ${refusal.type}`, {
        fault: 'configuration',
      });
    const { accessToken } = this.api.expect(
      response,
      CredentialsPayload,
      'password authorization',
    ).credentials;
    const me = this.api.expect(
      await this.api.call('GET', `${this.apiPath}/users/me`, { accessToken }),
      UserPayload,
      'users/me',
    );
    warnOfUnknownRoles(this.logger, DNEVNIK_ROLES, me.roles);
    return { ok: true, userId: me.id_str };
  }

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    return ID.test(userId) ? this.extension.profile(userId) : null;
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    return ID.test(userId) ? this.extension.memberships(userId) : [];
  }

  async listChildren(userId: string): Promise<DiaryChild[]> {
    return ID.test(userId) ? this.extension.children(userId) : [];
  }

  async findBySnils(): Promise<SchoolRecordMatch[]> {
    throw new CapabilityNotSupportedError(VENDOR, 'snilsMatch');
  }

  async markLinked(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    return this.notify('created', notice);
  }

  async unlink(notice: LinkNotice): Promise<LinkNoticeOutcome> {
    return this.notify('removed', notice);
  }

  async submitAccessRequest(_request: AccessRequestForVendor): Promise<AccessRequestSubmission> {
    throw new CapabilityNotSupportedError(VENDOR, 'accessRequests');
  }

  async getAccessRequestStatus(_externalId: string): Promise<AccessRequestStatus | null> {
    throw new CapabilityNotSupportedError(VENDOR, 'accessRequests');
  }

  /**
   * Every route of README.md's table, changing nothing: the password authorization with an empty body (a
   * refusal, not a login attempt of anyone), `users/me` without a token (a refusal), and the extension's
   * capabilities document. A route is missing when its host answers 404 outside the vendor's envelope, or the
   * extension does not declare the ability the route serves.
   */
  async probeRoutes(): Promise<RouteProbe> {
    const routes: RouteProbeResult[] = [];
    const present = async (route: string, ask: () => Promise<unknown>) => {
      try {
        await ask();
        routes.push({ route, present: true });
      } catch (err) {
        if (!(err instanceof VendorUnavailableError) || err.fault !== 'configuration') throw err;
        routes.push({ route, present: false });
      }
    };
    await present(`POST ${this.config.credentialsPath}`, () =>
      this.api.call('POST', this.config.credentialsPath, { body: {} }),
    );
    await present(`GET ${this.apiPath}/users/me`, () => this.api.call('GET', `${this.apiPath}/users/me`));
    const declared: { abilities?: { children: boolean; linkNotifications: boolean } } = {};
    await present('extension GET /capabilities', async () => {
      const response = await this.extension.send({ method: 'GET', path: '/capabilities' });
      declared.abilities = this.extension.read(ApiCapabilities, response, '/capabilities').abilities;
    });
    // The extension's other routes are there when it answers its capabilities and declares their ability.
    const served = declared.abilities !== undefined;
    routes.push(
      { route: 'extension GET /users/{userId}', present: served },
      { route: 'extension GET /users/{userId}/memberships', present: served },
      { route: 'extension GET /users/{userId}/children', present: declared.abilities?.children ?? false },
      {
        route: 'extension POST /link-notices',
        present: declared.abilities?.linkNotifications ?? false,
      },
    );
    return { routes };
  }

  /**
   * A link notice (`POST /link-notices`, idempotent on `Idempotency-Key` = event:linkId): 'gone' only on the
   * extension's own `user_not_found`, or an id Дневник.ру never issues; any other 404 is a configuration fault.
   */
  private async notify(event: 'created' | 'removed', notice: LinkNotice): Promise<LinkNoticeOutcome> {
    if (!ID.test(notice.userId)) return 'gone';
    const outcome = await this.extension.linkNotice(event, notice);
    if (outcome === 'gone')
      this.logger.info({ linkId: notice.linkId }, 'link notice: the diary has no such account');
    return outcome;
  }
}
