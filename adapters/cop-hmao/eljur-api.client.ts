import { z } from 'zod';
import { VendorUnavailableError } from '../contract';
import { vendorRequest } from '../shared/vendor-http';

/**
 * ЭлЖур's own API as its public clients call it: `<apiPath>/<method>` with `devkey`, `vendor`, `out_format=json`
 * (and a user's `auth_token`) as parameters (BetterJournal/EljurAPI, branch open-api,
 * src/open-api/DefaultRequestParams.ts, AuthorizedRequestParams.ts; samplec0de/eljur-bot eljur.py), every
 * answer in the envelope `{ response: { state, error, result } }` (open-api src/open-api/SuccessResponse.ts,
 * FailedResponse.ts).
 */

const KIND = 'cop-hmao';

/** The envelope: `state` 200 with `error: null`, or a refusal's code and text with `result: {}`. */
const Envelope = z.object({
  response: z.object({ state: z.number().int(), error: z.string().nullable(), result: z.unknown() }),
});

/** `auth`'s result (samplec0de/eljur-bot CachedTelegramEljur.py `auth`: `tdata['token']`, `tdata['expires']`). */
export const AuthResult = z.object({ token: z.string().min(1), expires: z.string().optional() });

/**
 * `getrules`' result, the fields the adapter reads (BetterJournal/EljurAPI src/personal/UserRules.ts: `id`
 * coerced from a string, `roles` such as «student», «parent», «helper»).
 */
export const RulesResult = z.object({
  id: z.union([z.string().regex(/^\d{1,19}$/), z.number().int().nonnegative()]).transform(String),
  roles: z.array(z.string()),
});

/** The developer key refused (FailedResponse.ts's example text): the instance's devkey is wrong. */
const DEVKEY_REFUSED = /не удалось авторизовать разработчика/i;

/** What ЭлЖур answered: a result, or its refusal (state and text), or nothing we recognise. */
export type EljurAnswer =
  | { readonly kind: 'result'; readonly result: unknown }
  | { readonly kind: 'refused'; readonly state: number; readonly error: string };

/** One ЭлЖур host: its base URL, API path, developer key and the time limit of a call. */
export class EljurApiClient {
  constructor(
    private readonly base: string,
    private readonly apiPath: string,
    private readonly devkey: string,
    private readonly timeoutMs: number,
  ) {}

  /** The path of `method`, for error messages and the probe (never with parameters: they carry tokens). */
  where(method: string): string {
    return `${this.apiPath.replace(/\/$/, '')}/${method}`;
  }

  /**
   * Calls `method` at `vendor`. A POST sends the parameters as a form (as samplec0de/eljur-bot posts `auth`, so
   * a password never sits in a URL); a GET in the query. An answer without the envelope (a 404 page of a host
   * that has no ЭлЖур API) is a configuration fault; a refused developer key too. Outages throw as outages.
   */
  async call(
    method: string,
    vendor: string,
    fields: Readonly<Record<string, string>>,
    httpMethod: 'GET' | 'POST' = 'GET',
  ): Promise<EljurAnswer> {
    const params = new URLSearchParams({ devkey: this.devkey, vendor, out_format: 'json', ...fields });
    const url = `${this.base.replace(/\/$/, '')}${this.where(method)}`;
    const response = await vendorRequest(
      KIND,
      httpMethod === 'GET' ? `${url}?${params}` : url,
      httpMethod === 'GET'
        ? { timeoutMs: this.timeoutMs, headers: { Accept: 'application/json' } }
        : {
            method: 'POST',
            timeoutMs: this.timeoutMs,
            headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
            body: params.toString(),
          },
    );
    const envelope = Envelope.safeParse(response.body);
    if (!envelope.success)
      throw new VendorUnavailableError(
        KIND,
        `${this.where(method)}: HTTP ${response.status} without ЭлЖур's envelope`,
        { fault: response.status === 404 ? 'configuration' : 'outage' },
      );
    const { state, error, result } = envelope.data.response;
    if (state === 200 && error === null) return { kind: 'result', result };
    if (DEVKEY_REFUSED.test(error ?? ''))
      throw new VendorUnavailableError(KIND, `${this.where(method)}: developer key refused`, {
        fault: 'configuration',
      });
    return { kind: 'refused', state, error: error ?? '' };
  }

  /** The result of `method` in the shape `schema` says; a refusal or another shape is an outage. */
  async read<S extends z.ZodType>(
    schema: S,
    method: string,
    vendor: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<z.infer<S>> {
    const answer = await this.call(method, vendor, fields);
    if (answer.kind === 'refused')
      throw new VendorUnavailableError(KIND, `${this.where(method)}: refused (state ${answer.state})`);
    const parsed = schema.safeParse(answer.result);
    if (!parsed.success)
      throw new VendorUnavailableError(KIND, `${this.where(method)}: unexpected answer`, {
        cause: parsed.error,
      });
    return parsed.data;
  }
}
