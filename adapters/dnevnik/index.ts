import type { DiaryAdapterDescriptor } from '../contract';
import { DNEVNIK_CAPABILITIES, DnevnikAdapter } from './dnevnik.adapter';
import { DnevnikConfig } from './dnevnik.config';

/** Дневник.ру: REST API v2 with the service token in `Access-Token`, 64-bit ids read from `id_str`. */
export const dnevnik = {
  kind: 'dnevnik',
  displayName: 'Дневник.ру',
  capabilities: DNEVNIK_CAPABILITIES,
  configSchema: DnevnikConfig,
  create: (config, deps) => new DnevnikAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<DnevnikConfig>;
