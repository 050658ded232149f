import { readFileSync } from 'node:fs';
import type { Config } from '../config';
import type { Clock } from '../core/clock';
import type { DiscardedFactReport } from '../core/discarded-fact';
import type { StateStore } from '../core/ports/state-store.port';
import type { Logger } from '../logger';
import { fromRoot } from '../paths';
import { loadTrustedKeys, splitPemBundle } from './esia-certificates';
import { EsiaClient } from './esia-sign-in';
import type { EsiaSettings } from './esia.settings';
import { EsiaStrategy } from './esia.strategy';
import { EsiaPersonClient } from './person-api.client';
import { createSigner, type Signer } from './signers';

/** Path of the ESIA callback on the gateway; registered at ESIA as `PUBLIC_URL + this`. */
export const ESIA_CALLBACK_PATH = '/auth/esia/callback';

/** The ESIA settings of the configuration, with the callback address worked out. */
export function esiaSettings(config: Config, certificatesPem: readonly string[]): EsiaSettings {
  return {
    baseUrl: config.esiaBaseUrl,
    clientId: config.esiaClientId,
    issuer: config.esiaIssuer,
    scope: config.esiaScopes,
    accessType: config.esiaAccessType,
    tokenAlg: config.esiaTokenAlg,
    redirectUri: `${config.publicUrl}${ESIA_CALLBACK_PATH}`,
    certificatesPem,
    timeoutMs: config.esiaTimeoutMs,
  };
}

/** The signer the configuration names, with its start-up checks (key and certificate belong together). */
export function createEsiaSigner(config: Config, clock: Clock, logger: Logger): Promise<Signer> {
  const certificatePem = readFileSync(fromRoot(config.esiaClientCertFile), 'utf8');
  const remote = config.esiaSigner === 'remote';
  return createSigner({
    kind: config.esiaSigner,
    certificatePem,
    ...(remote ? {} : { keyPem: readFileSync(fromRoot(config.esiaClientKeyFile), 'utf8') }),
    ...(remote
      ? {
          remote: {
            url: config.esiaSignerUrl!,
            keyId: config.esiaSignerKeyId!,
            clientId: config.esiaSignerClientId!,
            clientSecret: config.esiaSignerSecret!,
          },
        }
      : {}),
    allowDevelopmentSigner: config.nodeEnv !== 'production',
    clock,
    logger,
  });
}

/** Everything ESIA sign-in needs, from the configuration and the shared state store. */
export async function createEsia(
  config: Config,
  deps: {
    stateStore: StateStore;
    clock: Clock;
    logger: Logger;
    signer?: Signer;
    /** Hears of a SNILS or birth date from ESIA that failed its rule (dropped, never sent to a vendor). */
    discarded?: DiscardedFactReport;
  },
): Promise<{ strategy: EsiaStrategy; signer: Signer; settings: EsiaSettings }> {
  const pems = config.esiaCertificateFiles.flatMap((file) =>
    splitPemBundle(readFileSync(fromRoot(file), 'utf8')),
  );
  const settings = esiaSettings(config, pems);
  const signer = deps.signer ?? (await createEsiaSigner(config, deps.clock, deps.logger));
  const client = new EsiaClient({
    settings,
    signer,
    keys: loadTrustedKeys(pems),
    stateStore: deps.stateStore,
    personClient: new EsiaPersonClient(
      settings.baseUrl,
      { timeoutMs: settings.timeoutMs, retries: 2 },
      { clock: deps.clock, report: deps.discarded ?? reportToLog(deps.logger) },
    ),
    clock: deps.clock,
  });
  return { strategy: new EsiaStrategy(client), signer, settings };
}

/** Without a reporter (tools, tests), a discarded fact is still logged: masked, with its reason. */
function reportToLog(logger: Logger): DiscardedFactReport {
  return (fact) => logger.warn({ discarded: fact }, 'person data discarded: it failed its rule');
}
