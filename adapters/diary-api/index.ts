import { EVERY_CAPABILITY, type DiaryAdapterDescriptor } from '../contract';
import { DiaryApiAdapter } from './diary-api.adapter';
import { contractAbilities, DiaryApiConfig } from './diary-api.config';

/**
 * Any diary that implements the published diary API (docs/diary-api.openapi.json): HMAC-signed or mutual-TLS
 * calls, abilities declared per instance in config/instances.json. The descriptor's capabilities are every
 * ability the API has; each instance's adapter has only those its settings declare.
 */
export const diaryApi = {
  kind: 'diary-api',
  displayName: 'Дневник по опубликованному API шлюза',
  capabilities: EVERY_CAPABILITY,
  configSchema: DiaryApiConfig,
  capabilitiesOf: (config) => contractAbilities(config.abilities),
  demoCredentials: (config) =>
    config.auth.type === 'hmac' && config.auth.demoSecret ? [config.auth.demoSecret] : [],
  create: (config, deps) => new DiaryApiAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<DiaryApiConfig>;
