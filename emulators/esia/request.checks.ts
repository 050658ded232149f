import type { EmulatorContext, RegisteredClient } from './esia-emulator.options';
import { EsiaProtocolError } from './esia.errors';
import { SCOPES, parseScope } from './scopes.catalog';

/** Request parameters as single strings; a parameter given twice is refused (ESIA-007003). */
export type Params = Record<string, string>;

/** Flattens a query or form body, refusing repeated and non-string parameters. */
export function singleValued(input: unknown): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries((input ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new EsiaProtocolError('007003', `parameter ${name} repeated`);
    params[name] = value;
  }
  return params;
}

/** Every named parameter is present and not empty (ESIA-007014). */
export function requireParams(params: Params, names: readonly string[]): void {
  const missing = names.filter((name) => !params[name]);
  if (missing.length > 0) throw new EsiaProtocolError('007014', `missing ${missing.join(', ')}`);
}

/** The registered client, or ESIA-007002. */
export function findClient(ctx: EmulatorContext, clientId: string | undefined): RegisteredClient {
  const client = clientId ? ctx.clients.get(clientId) : undefined;
  if (!client) throw new EsiaProtocolError('007002', 'unknown client_id');
  return client;
}

/** `client_certificate_hash` names one of the client's registered certificates (ESIA-007002). */
export function checkCertificateHash(client: RegisteredClient, hash: string) {
  const certificate = client.certificates.find((c) => c.hash === hash);
  if (!certificate) throw new EsiaProtocolError('007002', 'certificate hash not registered for the client');
  return certificate;
}

const TIMESTAMP = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** Parses `yyyy.MM.dd HH:mm:ss Z` (e.g. `2025.09.02 13:00:29 +0300`); null when it is not that shape. */
export function parseEsiaTimestamp(value: string): Date | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s, oh, om] = [1, 2, 3, 4, 5, 6, 8, 9].map((i) => Number(m[i]));
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (oh! * 60 + om!);
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 59) return null;
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The timestamp is well-formed and within the tolerance of the emulator's clock (ESIA-007015). */
export function checkTimestamp(ctx: EmulatorContext, value: string): void {
  const at = parseEsiaTimestamp(value);
  if (!at) throw new EsiaProtocolError('007015', 'timestamp is not yyyy.MM.dd HH:mm:ss Z');
  const skewMs = Math.abs(at.getTime() - ctx.clock.now().getTime());
  if (skewMs > ctx.timestampToleranceSeconds * 1000)
    throw new EsiaProtocolError('007015', 'timestamp out of range');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `state` is a UUID (ESIA-007003). */
export function checkState(state: string): void {
  if (!UUID.test(state)) throw new EsiaProtocolError('007003', 'state is not a UUID');
}

/**
 * The bytes of a `client_secret`: base64url, as ESIA's recommendations show it, or standard base64 (`+`, `/`,
 * `=` padding), which ESIA accepts too and widely used clients send (AISGorod.AspNetCore.Authentication.Esia,
 * src/Esia.BouncyCastle/BouncyCastleEsiaSigner.cs: `Convert.ToBase64String(signature)`). One alphabet or the
 * other, padded or not; a mix of both is neither. Null when the text is not base64 at all.
 */
export function clientSecretBytes(secret: string): Buffer | null {
  const unpadded = secret.replace(/={1,2}$/, '');
  if (/^[A-Za-z0-9_-]+$/.test(unpadded)) return Buffer.from(unpadded, 'base64url');
  if (/^[A-Za-z0-9+/]+$/.test(unpadded)) return Buffer.from(unpadded, 'base64');
  return null;
}

/**
 * `client_secret` is base64url or base64 of a 64-byte GOST R 34.10-2012 signature (OpenSSL byte order) over the
 * exact concatenation of `parts`, made with the key of the certificate the request names (ESIA-007053).
 */
export function checkClientSecret(
  ctx: EmulatorContext,
  certificate: RegisteredClient['certificates'][number],
  secret: string,
  parts: readonly string[],
): void {
  const signature = clientSecretBytes(secret);
  if (!signature) throw new EsiaProtocolError('007053', 'client_secret is neither base64url nor base64');
  const signed = Buffer.from(parts.join(''), 'utf8');
  if (!ctx.gost.verify(certificate.publicKey, signed, signature)) {
    throw new EsiaProtocolError('007053', 'signature does not verify');
  }
}

/** Every scope is known (ESIA-007006) and approved for the client (ESIA-007019); returns them in order. */
export function checkScopes(client: RegisteredClient, scope: string): string[] {
  const scopes = parseScope(scope);
  if (scopes.length === 0) throw new EsiaProtocolError('007014', 'empty scope');
  const unknown = scopes.filter((s) => !(s in SCOPES));
  if (unknown.length > 0) throw new EsiaProtocolError('007006', `unknown scope ${unknown.join(', ')}`);
  const unapproved = scopes.filter((s) => !client.approvedScopes.includes(s));
  if (unapproved.length > 0)
    throw new EsiaProtocolError('007019', `scope not approved: ${unapproved.join(', ')}`);
  return scopes;
}
