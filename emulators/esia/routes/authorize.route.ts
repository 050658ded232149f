import { Router, type Request, type Response } from 'express';
import type { EmulatorContext, RegisteredClient } from '../esia-emulator.options';
import { EsiaProtocolError } from '../esia.errors';
import {
  checkCertificateHash,
  checkClientSecret,
  checkScopes,
  checkState,
  checkTimestamp,
  findClient,
  requireParams,
  singleValued,
  type Params,
} from '../request.checks';
import { browserSession } from './browser-session';
import { continueAuthorization, redirectWithError, renderError } from './authorization.flow';

const MANDATORY = [
  'client_id',
  'client_secret',
  'redirect_uri',
  'scope',
  'response_type',
  'state',
  'timestamp',
  'access_type',
  'client_certificate_hash',
] as const;

/** Until client and redirect address are known to belong together, errors cannot be sent to that address. */
function trustedTarget(ctx: EmulatorContext, params: Params): RegisteredClient {
  requireParams(params, ['client_id', 'redirect_uri']);
  const client = findClient(ctx, params.client_id);
  if (!client.redirectUris.includes(params.redirect_uri!)) throw new EsiaProtocolError('007023');
  return client;
}

/** The checks ESIA makes once the redirect address is trusted, in the order it makes them. */
function checkAuthorizationRequest(ctx: EmulatorContext, client: RegisteredClient, p: Params): string[] {
  requireParams(p, MANDATORY);
  if (p.response_type !== 'code') throw new EsiaProtocolError('007009');
  if (p.access_type !== 'online' && p.access_type !== 'offline')
    throw new EsiaProtocolError('007003', 'access_type');
  const certificate = checkCertificateHash(client, p.client_certificate_hash!);
  checkTimestamp(ctx, p.timestamp!);
  checkState(p.state!);
  const signed = [p.client_id!, p.scope!, p.scope_org ?? '', p.timestamp!, p.state!, p.redirect_uri!];
  checkClientSecret(ctx, certificate, p.client_secret!, signed);
  const scopes = checkScopes(client, p.scope!);
  const forced = ctx.faults.current.esiaError;
  if (forced?.at === 'authorization') throw new EsiaProtocolError(forced.code, 'esiaError fault switch');
  return scopes;
}

/** `GET /aas/oauth2/v2/ac`: checks the signed request, then hands the browser to sign-in and consent. */
export function authorizeRoute(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/aas/oauth2/v2/ac', (req: Request, res: Response) => {
    let params: Params;
    let client: RegisteredClient;
    try {
      params = singleValued(req.query);
      client = trustedTarget(ctx, params);
    } catch (error) {
      if (error instanceof EsiaProtocolError) return renderError(res, error);
      throw error;
    }
    let scopes: string[];
    try {
      scopes = checkAuthorizationRequest(ctx, client, params);
    } catch (error) {
      if (error instanceof EsiaProtocolError)
        return redirectWithError(res, params.redirect_uri!, error, params.state);
      throw error;
    }
    const pending = ctx.store.addPending({
      clientId: client.clientId,
      scopes,
      scope: params.scope!,
      scopeOrg: params.scope_org ?? '',
      state: params.state!,
      redirectUri: params.redirect_uri!,
      accessType: params.access_type as 'online' | 'offline',
      ...(params.nonce ? { nonce: params.nonce } : {}),
      createdAt: ctx.clock.now().getTime(),
    });
    continueAuthorization(ctx, pending, browserSession(ctx.store, req, res), res);
  });
  return router;
}
