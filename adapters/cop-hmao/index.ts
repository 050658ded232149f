import type { DiaryAdapterDescriptor } from '../contract';
import { COP_HMAO_CAPABILITIES, CopHmaoAdapter } from './cop-hmao.adapter';
import { COP_HMAO_DEMO_API_KEY, CopHmaoConfig } from './cop-hmao.config';

/** ЦОП ХМАО-Югры: ESIA-only sign-in with SNILS matching on school records, and its own access-request queue. */
export const copHmao = {
  kind: 'cop-hmao',
  displayName: 'Цифровая образовательная платформа ХМАО-Югры',
  capabilities: COP_HMAO_CAPABILITIES,
  configSchema: CopHmaoConfig,
  demoCredentials: (config) => [COP_HMAO_DEMO_API_KEY, config.demoApiKey],
  create: (config, deps) => new CopHmaoAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<CopHmaoConfig>;
