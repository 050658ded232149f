import type { DiaryAdapterDescriptor } from '../contract';
import { SetevoyApiClient } from './setevoy-api.client';
import { SETEVOY_CAPABILITIES, SetevoyRegionAdapter } from './setevoy-region.adapter';
import { DEMO_INTEGRATION_TOKEN, SetevoyRegionConfig } from './setevoy-region.config';

/**
 * «Сетевой Регион. Образование» («Сетевой город»): the instance's credential (its `credentialsRef`, e.g.
 * SETEVOY_38_CREDENTIALS) is the integration API's service token. When it is unset and the settings allow it
 * (the default, for the demo), the demo token is used and a warning says so.
 */
export const setevoyRegion = {
  kind: 'setevoy-region',
  displayName: 'Сетевой Регион. Образование',
  capabilities: SETEVOY_CAPABILITIES,
  configSchema: SetevoyRegionConfig,
  demoCredentials: () => [DEMO_INTEGRATION_TOKEN],
  create: (config, deps) => {
    let credential = deps.secret;
    if (!credential) {
      if (!config.allowDemoCredential)
        throw new Error(`instance ${deps.instanceId}: the setevoy-region integration credential is not set`);
      deps.logger.warn(
        { instance: deps.instanceId },
        'setevoy-region: no integration credential set, using the DEMO token (development only)',
      );
      credential = DEMO_INTEGRATION_TOKEN;
    }
    return new SetevoyRegionAdapter(
      config,
      deps,
      new SetevoyApiClient(deps.baseUrl, credential, deps.timeoutMs),
    );
  },
} satisfies DiaryAdapterDescriptor<SetevoyRegionConfig>;
