import { Router, type Request, type Response } from 'express';
import type { Persona } from '../../fixtures/personas.fixture';
import type { EmulatorContext, RegisteredClient } from '../esia-emulator.options';
import { EsiaProtocolError } from '../esia.errors';
import {
  checkCertificateHash,
  checkClientSecret,
  checkState,
  checkTimestamp,
  findClient,
  requireParams,
  singleValued,
  type Params,
} from '../request.checks';
import type { IssuedRefresh } from '../state/emulator.store';
import { issueTokens } from '../tokens.issuer';

const MANDATORY = [
  'grant_type',
  'client_id',
  'client_secret',
  'state',
  'redirect_uri',
  'scope',
  'timestamp',
  'token_type',
  'client_certificate_hash',
];

/** Client, certificate, time, state and signature: the same checks for both grants. */
function checkSignedRequest(ctx: EmulatorContext, p: Params, grantValue: string): RegisteredClient {
  if (p.token_type !== 'Bearer') throw new EsiaProtocolError('007003', 'token_type');
  const client = findClient(ctx, p.client_id);
  const certificate = checkCertificateHash(client, p.client_certificate_hash!);
  checkTimestamp(ctx, p.timestamp!);
  checkState(p.state!);
  const signed = [
    p.client_id!,
    p.scope!,
    p.scope_org ?? '',
    p.timestamp!,
    p.state!,
    p.redirect_uri!,
    grantValue,
  ];
  checkClientSecret(ctx, certificate, p.client_secret!, signed);
  return client;
}

/** What a redeemed code or refresh token grants. */
type Redeemed = IssuedRefresh & { nonce?: string; offline: boolean };

/** A code is valid once, for a short time, for the client, redirect address and scope it was issued with. */
function redeemCode(ctx: EmulatorContext, client: RegisteredClient, p: Params): Redeemed {
  const grant = ctx.store.codes.get(p.code!);
  const now = ctx.clock.now().getTime();
  if (!grant || grant.clientId !== client.clientId) throw new EsiaProtocolError('007011', 'unknown code');
  if (grant.usedAt !== undefined && !ctx.faults.current.allowReplayedCodes)
    throw new EsiaProtocolError('007011', 'code already used');
  if (now - grant.issuedAt > ctx.codeTtlSeconds * 1000) throw new EsiaProtocolError('007011', 'code expired');
  if (grant.redirectUri !== p.redirect_uri)
    throw new EsiaProtocolError('007011', 'redirect_uri differs from v2/ac');
  if (grant.scope !== p.scope) throw new EsiaProtocolError('007006', 'scope differs from v2/ac');
  grant.usedAt = now;
  return { ...grant, offline: grant.accessType === 'offline' };
}

/** A refresh token is bound to its client, redirect address and scope; each use replaces it. */
function redeemRefresh(ctx: EmulatorContext, client: RegisteredClient, p: Params): Redeemed {
  const grant = ctx.store.refreshTokens.get(p.refresh_token!);
  if (!grant || grant.clientId !== client.clientId || grant.redirectUri !== p.redirect_uri) {
    throw new EsiaProtocolError('007011', 'unknown refresh token');
  }
  if (grant.scope !== p.scope) throw new EsiaProtocolError('007006', 'scope differs from the grant');
  ctx.store.refreshTokens.delete(p.refresh_token!);
  return { ...grant, offline: true };
}

function tokenResponse(ctx: EmulatorContext, p: Params): Record<string, unknown> {
  requireParams(p, MANDATORY);
  if (p.grant_type !== 'authorization_code' && p.grant_type !== 'refresh_token')
    throw new EsiaProtocolError('007012');
  const isCode = p.grant_type === 'authorization_code';
  requireParams(p, [isCode ? 'code' : 'refresh_token']);
  const client = checkSignedRequest(ctx, p, isCode ? p.code! : '');
  const forced = ctx.faults.current.esiaError;
  if (forced?.at === 'token') throw new EsiaProtocolError(forced.code, 'esiaError fault switch');
  const grant = isCode ? redeemCode(ctx, client, p) : redeemRefresh(ctx, client, p);
  const persona = ctx.personas.find((x) => x.oid === grant.oid) as Persona;
  const nonce = grant.nonce;
  const tokens = issueTokens(ctx, {
    client,
    persona,
    scopes: grant.scopes,
    authTime: grant.authTime,
    ...(nonce ? { nonce } : {}),
  });
  const { clientId, oid, scopes, scope, redirectUri, authTime } = grant;
  return {
    id_token: tokens.idToken,
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    state: p.state,
    token_type: 'Bearer',
    ...(grant.offline
      ? { refresh_token: ctx.store.addRefresh({ clientId, oid, scopes, scope, redirectUri, authTime }) }
      : {}),
  };
}

/** `POST /aas/oauth2/v3/te`: form-urlencoded only; errors are JSON `{error, error_description, state}`. */
export function tokenRoute(ctx: EmulatorContext): Router {
  const router = Router();
  router.post('/aas/oauth2/v3/te', (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    let params: Params = {};
    try {
      if (!req.is('application/x-www-form-urlencoded'))
        throw new EsiaProtocolError('007038', 'not form-urlencoded');
      params = singleValued(req.body);
      res.json(tokenResponse(ctx, params));
    } catch (error) {
      if (!(error instanceof EsiaProtocolError)) throw error;
      const status = error.oauthError === 'invalid_client' ? 401 : 400;
      res.status(status).json({
        error: error.oauthError,
        error_description: error.description,
        ...(params.state ? { state: params.state } : {}),
      });
    }
  });
  return router;
}
