import { randomUUID } from 'node:crypto';
import type { Persona } from '../fixtures/personas.fixture';
import type { EmulatorContext, RegisteredClient } from './esia-emulator.options';
import { scopeClaim } from './scopes.catalog';

/** Who and what a token pair is for. */
export interface TokenGrant {
  client: RegisteredClient;
  persona: Persona;
  scopes: string[];
  authTime: number;
  nonce?: string;
}

/** A signed access token and ID token, with what the token response needs. */
export interface IssuedTokens {
  accessToken: string;
  idToken: string;
  expiresIn: number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Signs a JWT with the client's algorithm, applying the token faults that are switched on. */
function signJwt(
  ctx: EmulatorContext,
  client: RegisteredClient,
  sbt: 'access' | 'id',
  claims: object,
): string {
  const faults = ctx.faults.current;
  if (faults.algNone) return `${b64({ alg: 'none', typ: 'JWT', sbt, ver: 1 })}.${b64(claims)}.`;
  const key = ctx.rings[client.tokenAlg].active;
  const signingInput = `${b64({ alg: key.alg, typ: 'JWT', sbt, ver: 1, kid: key.kid })}.${b64(claims)}`;
  const signature = key.sign(Buffer.from(signingInput, 'ascii'));
  if (faults.wrongSignature) signature[0] = signature[0]! ^ 0xff;
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The time claims, shifted by the expired / not-yet-valid faults. */
function timeClaims(ctx: EmulatorContext): { iat: number; nbf: number; exp: number } {
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  const faults = ctx.faults.current;
  const start = faults.expiredTokens ? now - 7200 : faults.notYetValidTokens ? now + 3600 : now;
  const exp = faults.expiredTokens ? now - 3600 : start + ctx.accessTokenTtlSeconds;
  return { iat: start, nbf: start, exp };
}

/**
 * Issues ESIA's token pair. Access token: `urn:esia:sbj_id` = oid, `client_id` as audience, `scope` as
 * `name?oid=…`. ID token: `sub` = oid (string), `aud`, `amr` "PWD", `urn:esia:sbj` with prefixed keys
 * (`urn:esia:sbj:typ` "P", `:oid`, `:nam`, `:lvl`, and `:is_tru` only for a confirmed account).
 */
export function issueTokens(ctx: EmulatorContext, grant: TokenGrant): IssuedTokens {
  const faults = ctx.faults.current;
  const issuer = faults.wrongIssuer ? toggleTrailingSlash(ctx.issuer) : ctx.issuer;
  const audience = faults.wrongAudience ? `${grant.client.clientId}_OTHER` : grant.client.clientId;
  const times = timeClaims(ctx);
  const sid = randomUUID();
  const { oid, account } = grant.persona;

  const accessClaims = {
    nbf: times.nbf,
    scope: scopeClaim(grant.scopes, oid),
    iss: issuer,
    'urn:esia:sid': sid,
    'urn:esia:sbj_id': oid,
    exp: times.exp,
    iat: times.iat,
    client_id: audience,
  };
  const subject = {
    'urn:esia:sbj:typ': 'P',
    'urn:esia:sbj:nam': `OID.${oid}`,
    'urn:esia:sbj:oid': oid,
    'urn:esia:sbj:lvl': account.level,
    ...(account.trusted ? { 'urn:esia:sbj:is_tru': true } : {}),
  };
  const idClaims = {
    nbf: times.nbf,
    iat: times.iat,
    exp: times.exp,
    iss: issuer,
    aud: audience,
    sub: String(oid),
    amr: 'PWD',
    'urn:esia:amd': 'PWD',
    auth_time: grant.authTime,
    'urn:esia:sid': sid,
    'urn:esia:sbj': subject,
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
  };
  const accessToken = signJwt(ctx, grant.client, 'access', accessClaims);
  ctx.store.accessTokens.set(accessToken, {
    oid,
    scopes: new Set(grant.scopes),
    exp: times.exp,
    nbf: times.nbf,
  });
  return {
    accessToken,
    idToken: signJwt(ctx, grant.client, 'id', idClaims),
    expiresIn: ctx.accessTokenTtlSeconds,
  };
}

function toggleTrailingSlash(issuer: string): string {
  return issuer.endsWith('/') ? issuer.slice(0, -1) : `${issuer}/`;
}
