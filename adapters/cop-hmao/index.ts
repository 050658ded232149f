import type { DiaryAdapterDescriptor } from '../contract';
import { COP_HMAO_CAPABILITIES, CopHmaoAdapter, copHmaoCapabilitiesOf } from './cop-hmao.adapter';
import { COP_HMAO_DEMO_API_KEY, CopHmaoConfig } from './cop-hmao.config';

/**
 * ЦОП ХМАО-Югры (ЭлЖур): ЭлЖур's apiv3 for the password check where an instance keeps passwords, the extension
 * it deploys (the published diary API) for SNILS matching in the pupil files, reads by id and access requests.
 */
export const copHmao = {
  kind: 'cop-hmao',
  displayName: 'Цифровая образовательная платформа ХМАО-Югры',
  capabilities: COP_HMAO_CAPABILITIES,
  configSchema: CopHmaoConfig,
  capabilitiesOf: copHmaoCapabilitiesOf,
  demoCredentials: (config) => [
    COP_HMAO_DEMO_API_KEY,
    ...(config.extension.auth.type === 'hmac' && config.extension.auth.demoSecret
      ? [config.extension.auth.demoSecret]
      : []),
  ],
  create: (config, deps) => new CopHmaoAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<CopHmaoConfig>;
