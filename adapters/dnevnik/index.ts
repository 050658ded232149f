import type { DiaryAdapterDescriptor } from '../contract';
import { DNEVNIK_CAPABILITIES, DnevnikAdapter } from './dnevnik.adapter';
import { DNEVNIK_DEMO_ACCESS_TOKEN, DnevnikConfig } from './dnevnik.config';

/** Дневник.ру: REST API v2 with the service token in `Access-Token`, 64-bit ids read from `id_str`. */
export const dnevnik = {
  kind: 'dnevnik',
  displayName: 'Дневник.ру',
  capabilities: DNEVNIK_CAPABILITIES,
  configSchema: DnevnikConfig,
  demoCredentials: (config) => [
    DNEVNIK_DEMO_ACCESS_TOKEN,
    ...(config.demoAccessToken ? [config.demoAccessToken] : []),
  ],
  create: (config, deps) => new DnevnikAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<DnevnikConfig>;
