import { latestDateOnEarth, parseBirthDate } from '../core/birth-date';
import { systemClock, type Clock } from '../core/clock';
import { IGNORE_DISCARDED, type DiscardedFactReport } from '../core/discarded-fact';
import { formatEsiaDate } from '../core/local-date';
import { formatSnils, maskSnils, parseSnils } from '../core/snils';
import { getWithRetry, type HttpBounds } from './esia-http';
import { EsiaProtocolError, EsiaScopeNotApprovedError, EsiaUnavailableError } from './esia.errors';

/** The person fields a diary flow reads; each is present only when its scope was granted. */
export interface EsiaPerson {
  readonly oid: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly middleName?: string;
  /** `dd.MM.yyyy`, as ESIA writes it; absent when ESIA's was no possible birth date (issue 20). */
  readonly birthDate?: string;
  readonly gender?: 'M' | 'F';
  /** `XXX-XXX-XXX YY` with valid check digits, absent otherwise (issue 20); never logged. */
  readonly snils?: string;
  /** A confirmed account. */
  readonly trusted: boolean;
}

/** One contact (`MBT` mobile, `EML` e-mail, …). */
export interface EsiaContact {
  readonly type: string;
  readonly value: string;
}

/** A child of the person, from `/kids`. */
export type EsiaKid = Omit<EsiaPerson, 'trusted'>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * ESIA's REST API for person data: `/rs/prns/{oid}` and its collections with `?embed=(elements)`. GETs are
 * bounded and retried on network failures and 5xx only; a 403 means the scope is not approved for us.
 */
export class EsiaPersonClient {
  constructor(
    private readonly baseUrl: string,
    private readonly bounds: HttpBounds,
    /** A SNILS or birth date that fails its rule is dropped here, at the border, and reported. */
    private readonly facts: { clock: Clock; report: DiscardedFactReport } = {
      clock: systemClock,
      report: IGNORE_DISCARDED,
    },
  ) {}

  /** The person object. */
  async person(oid: string, accessToken: string): Promise<EsiaPerson> {
    const body = await this.get(`/rs/prns/${encodeURIComponent(oid)}`, accessToken, 'person');
    return { oid, ...this.names(body), trusted: body.trusted === true };
  }

  /** Contacts (needs email, mobile or contacts). */
  async contacts(oid: string, accessToken: string): Promise<EsiaContact[]> {
    const elements = await this.collection(oid, 'ctts', accessToken);
    return elements.flatMap((e) =>
      str(e.type) && str(e.value) ? [{ type: e.type as string, value: e.value as string }] : [],
    );
  }

  /** Children (needs the kid_* scopes). */
  async kids(oid: string, accessToken: string): Promise<EsiaKid[]> {
    const elements = await this.collection(oid, 'kids', accessToken);
    return elements.map((e) => ({ oid: String(e.id), ...this.names(e) }));
  }

  private names(e: Record<string, unknown>): Omit<EsiaKid, 'oid'> {
    const gender = e.gender === 'M' || e.gender === 'F' ? e.gender : undefined;
    return Object.fromEntries(
      Object.entries({
        firstName: str(e.firstName),
        lastName: str(e.lastName),
        middleName: str(e.middleName),
        birthDate: this.birthDate(str(e.birthDate)),
        gender,
        snils: this.snils(str(e.snils)),
      }).filter(([, v]) => v !== undefined),
    );
  }

  /** ESIA's SNILS when its check digits hold: a bad one is never sent to a vendor's records. */
  private snils(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const parsed = parseSnils(text);
    if (parsed.ok) return formatSnils(parsed.snils);
    this.facts.report({ source: 'esia', field: 'snils', problem: parsed.problem, masked: maskSnils(text) });
    return undefined;
  }

  private birthDate(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const parsed = parseBirthDate(text, latestDateOnEarth(this.facts.clock.now()), 'esia');
    if (parsed.ok) return formatEsiaDate(parsed.date);
    this.facts.report({ source: 'esia', field: 'birthDate', problem: parsed.problem });
    return undefined;
  }

  private async collection(
    oid: string,
    name: string,
    accessToken: string,
  ): Promise<Array<Record<string, unknown>>> {
    const body = await this.get(
      `/rs/prns/${encodeURIComponent(oid)}/${name}?embed=(elements)`,
      accessToken,
      name,
    );
    const elements = Array.isArray(body.elements) ? body.elements : [];
    return elements.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  }

  private async get(path: string, accessToken: string, resource: string): Promise<Record<string, unknown>> {
    const response = await getWithRetry(
      `${this.baseUrl}${path}`,
      { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      this.bounds,
    );
    if (response.status === 403) throw new EsiaScopeNotApprovedError(resource);
    if (response.status >= 500) throw new EsiaUnavailableError(`ESIA ${resource}: ${response.status}`);
    if (!response.ok) throw new EsiaProtocolError('rs', `${resource}: HTTP ${response.status}`);
    const body: unknown = await response.json().catch(() => null);
    if (typeof body !== 'object' || body === null) throw new EsiaProtocolError('rs', `${resource}: not JSON`);
    return body as Record<string, unknown>;
  }
}
