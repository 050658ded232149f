import type { DiaryAdapterDescriptor } from '../contract';
import { DNEVNIK_CAPABILITIES, DnevnikAdapter } from './dnevnik.adapter';
import { DNEVNIK_DEMO_CREDENTIAL, DnevnikConfig } from './dnevnik.config';

/**
 * Дневник.ру: its own REST API for the password check (an application's `bycredentials` authorization, user
 * tokens in `Access-Token`, 64-bit ids read from `id_str`), and the diary-API extension the vendor deploys for
 * the rest (README.md).
 */
export const dnevnik = {
  kind: 'dnevnik',
  displayName: 'Дневник.ру',
  capabilities: DNEVNIK_CAPABILITIES,
  configSchema: DnevnikConfig,
  demoCredentials: () => [DNEVNIK_DEMO_CREDENTIAL],
  create: (config, deps) => new DnevnikAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<DnevnikConfig>;
