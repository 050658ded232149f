import type { Cache } from '../cache';
import { isShippedClientSecret } from '../demo-material';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { DiaryDirectory } from '../services/diary-directory';
import { SecretBox } from '../crypto/secret-box';
import { ProviderSigningKeysRepository } from '../store/provider-signing-keys.repository';
import type { DataSource } from 'typeorm';
import { DiarySignIns } from './diary-sign-ins';
import type { RedeemChange } from './provider-accounts';
import { ClientRegistrationError, diaryClients } from './provider-clients';
import { ProviderHost } from './provider-host';
import { ProviderInteractions } from './provider-interactions';
import { PROVIDER_PATH } from './provider.settings';
import { ProviderSigningKeys } from './signing-keys';

/** The running provider and the journeys' way into its interactions. */
export interface ProviderFeature {
  readonly host: ProviderHost;
  readonly interactions: ProviderInteractions;
}

/**
 * Builds the OpenID Provider from the diary instances' registrations: every client checked now (a wrong entry
 * stops the start, naming the instance and the field), the signing keys loaded from PostgreSQL (the first one
 * created), state in the shared store.
 */
export async function startProvider(input: {
  config: Pick<
    Config,
    'publicUrl' | 'sessionSecret' | 'credentialEncryptionKey' | 'behindTls' | 'trustProxy'
  >;
  dataSource: DataSource;
  cache: Pick<Cache, 'stateStore' | 'pubsub'>;
  diaries: DiaryDirectory;
  logger: Logger;
  redeem: RedeemChange;
  env: NodeJS.ProcessEnv;
  /** Development only: the demo diaries' client secrets, standing in for unset variables. */
  demoSecrets: ReadonlyMap<string, string>;
  /** Production: the repository's demo secrets are refused by value when a variable holds one. */
  production?: boolean;
}): Promise<ProviderFeature> {
  const { config } = input;
  const clients = diaryClients(
    input.diaries.all(),
    input.env,
    input.demoSecrets,
    input.production ? isShippedClientSecret : undefined,
  );
  const keys = new ProviderSigningKeys(
    new ProviderSigningKeysRepository(input.dataSource),
    new SecretBox(config.credentialEncryptionKey),
  );
  const signIns = new DiarySignIns(input.cache.stateStore);
  const host = await ProviderHost.start(
    {
      issuer: `${config.publicUrl}${PROVIDER_PATH}`,
      clients,
      store: input.cache.stateStore,
      signIns,
      redeem: input.redeem,
      sessionSecret: config.sessionSecret,
      behindTls: config.behindTls,
      trustProxy: config.trustProxy > 0,
    },
    keys,
    input.cache.pubsub,
    input.logger.child({ component: 'oidc-provider' }),
  );
  const problems: string[] = [];
  for (const client of clients.metadata) {
    const instance = clients.instanceOf.get(client.client_id);
    await host.provider.Client.find(client.client_id).catch((err: unknown) => {
      const { message, error_description: detail } = err as Error & { error_description?: string };
      problems.push(`instance ${instance}: oidc (client ${client.client_id}): ${detail ?? message}`);
    });
  }
  if (problems.length) {
    await host.stop();
    throw new ClientRegistrationError(problems);
  }
  return { host, interactions: new ProviderInteractions(host, clients, signIns) };
}
