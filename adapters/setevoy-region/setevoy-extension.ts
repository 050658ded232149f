import type { z } from 'zod';
import {
  VendorUnavailableError,
  type AdapterDeps,
  type LinkNotice,
  type LinkNoticeOutcome,
} from '../contract';
import { authOf } from '../diary-api/diary-api.adapter';
import {
  ApiCapabilities,
  ApiChildren,
  ApiError,
  ApiLinkNoticeAnswer,
  ApiMemberships,
  ApiProfile,
} from '../diary-api/diary-api.schemas';
import {
  DiaryApiTransport,
  DiaryApiTransportError,
  type DiaryApiRequest,
  type DiaryApiResponse,
} from '../diary-api/diary-api.transport';
import type { SetevoyRegionConfig } from './setevoy-region.config';
import { VENDOR } from './setevoy-web';

/**
 * The diary-API extension the vendor deploys (docs/diary-api.openapi.json, below `settings.extension.apiPath`):
 * what «Сетевой Регион»'s own API offers only to a signed-in user (mysettings, context) or not at all (SNILS,
 * children by account, link notices). The wire is the diary API's (diary-api.transport.ts: HMAC or mutual TLS);
 * only the error reading is this adapter's, so that each failure names this vendor and says what it is.
 */
export class SetevoyExtension {
  private readonly transport: DiaryApiTransport;

  constructor(config: SetevoyRegionConfig['extension'], deps: AdapterDeps) {
    const base = `${deps.baseUrl.replace(/\/+$/, '')}${config.apiPath}`;
    this.transport = new DiaryApiTransport(base, authOf(config, deps), deps.timeoutMs, deps.clock);
  }

  /**
   * One call. No answer, a 5xx and a refused credential are outages; a 404 outside the error model, or the
   * model's `not_found` (no such operation), is a route the installation lacks: a configuration fault.
   */
  private async send(request: DiaryApiRequest): Promise<DiaryApiResponse> {
    const where = `extension ${request.path.split('?')[0]!}`;
    let response: DiaryApiResponse;
    try {
      response = await this.transport.send(request);
    } catch (err) {
      if (err instanceof DiaryApiTransportError)
        throw new VendorUnavailableError(VENDOR, `extension: ${err.message}`, { cause: err });
      throw err;
    }
    if (response.status >= 500 || response.status === 401 || response.status === 403)
      throw new VendorUnavailableError(VENDOR, `${where}: HTTP ${response.status}`);
    return response;
  }

  private codeOf(response: DiaryApiResponse): string | undefined {
    return ApiError.safeParse(response.json).data?.error.code;
  }

  /** The body in `schema`'s shape; null on the API's explicit `gone` code; a configuration fault on another 404. */
  private read<S extends z.ZodType>(
    schema: S,
    response: DiaryApiResponse,
    path: string,
    gone?: string,
  ): z.infer<S> | null {
    const where = `extension ${path.split('?')[0]!}`;
    const code = this.codeOf(response);
    if (response.status === 404 && gone && code === gone) return null;
    if (response.status === 404)
      throw new VendorUnavailableError(VENDOR, `${where}: HTTP 404 ${code ?? '(no such route)'}`, {
        fault: 'configuration',
      });
    if (response.status < 200 || response.status > 299)
      throw new VendorUnavailableError(VENDOR, `${where}: HTTP ${response.status} ${code ?? ''}`);
    const parsed = schema.safeParse(response.json);
    if (!parsed.success)
      throw new VendorUnavailableError(VENDOR, `${where}: unexpected answer`, { cause: parsed.error });
    return parsed.data;
  }

  private async get<S extends z.ZodType>(schema: S, path: string, gone?: string): Promise<z.infer<S> | null> {
    return this.read(schema, await this.send({ method: 'GET', path }), path, gone);
  }

  /** `GET /users/{userId}`: null on `user_not_found`. */
  profile(userId: string) {
    return this.get(ApiProfile, `/users/${encodeURIComponent(userId)}`, 'user_not_found');
  }

  /** `GET /users/{userId}/memberships`: null on `user_not_found`. */
  memberships(userId: string) {
    return this.get(ApiMemberships, `/users/${encodeURIComponent(userId)}/memberships`, 'user_not_found');
  }

  /** `GET /users/{userId}/children`: null on `user_not_found`. */
  children(userId: string) {
    return this.get(ApiChildren, `/users/${encodeURIComponent(userId)}/children`, 'user_not_found');
  }

  /** `POST /link-notices`, idempotent on `Idempotency-Key` = event:linkId; `user_not_found` alone is 'gone'. */
  async notice(event: 'created' | 'removed', notice: LinkNotice): Promise<LinkNoticeOutcome> {
    const path = '/link-notices';
    const response = await this.send({
      method: 'POST',
      path,
      headers: { 'Idempotency-Key': `${event}:${notice.linkId}` },
      body: { event, linkId: notice.linkId, userId: notice.userId, at: notice.at.toISOString() },
    });
    return this.read(ApiLinkNoticeAnswer, response, path, 'user_not_found') === null ? 'gone' : 'done';
  }

  /**
   * Which of the extension's routes the installation has, changing nothing: `GET /capabilities`, then a read of
   * an account id the vendor never issues (`0`), which a present route answers 404 `user_not_found` and a
   * missing one with any other 404; `POST /link-notices` is present when the capabilities declare it.
   */
  async probe(): Promise<Array<{ route: string; present: boolean }>> {
    const capabilities = await this.send({ method: 'GET', path: '/capabilities' });
    const declared =
      capabilities.status === 200 ? ApiCapabilities.safeParse(capabilities.json).data?.abilities : undefined;
    const answersUserNotFound = async (path: string) => {
      const response = await this.send({ method: 'GET', path });
      return response.status === 404 && this.codeOf(response) === 'user_not_found';
    };
    return [
      { route: 'extension GET /capabilities', present: declared !== undefined },
      { route: 'extension GET /users/{userId}', present: await answersUserNotFound('/users/0') },
      {
        route: 'extension GET /users/{userId}/memberships',
        present: await answersUserNotFound('/users/0/memberships'),
      },
      {
        route: 'extension GET /users/{userId}/children',
        present: await answersUserNotFound('/users/0/children'),
      },
      { route: 'extension POST /link-notices', present: declared?.linkNotifications === true },
    ];
  }

  close(): void {
    this.transport.close();
  }
}
