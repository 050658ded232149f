import type { DiaryAdapterDescriptor } from '../contract';
import { SETEVOY_CAPABILITIES, SetevoyRegionAdapter } from './setevoy-region.adapter';
import { SetevoyRegionConfig } from './setevoy-region.config';

/**
 * «Сетевой Регион. Образование» («Сетевой город»): the vendor's own /webapi for the sign-in cascade and the
 * password check, and the diary-API extension the vendor deploys for the rest (README.md). The instance's
 * credential (its `credentialsRef`, e.g. SETEVOY_38_CREDENTIALS) is the extension's HMAC secret, or its client
 * key for mutual TLS; while it is unset the settings' demo secret signs, and a warning says so.
 */
export const setevoyRegion = {
  kind: 'setevoy-region',
  displayName: 'Сетевой Регион. Образование',
  capabilities: SETEVOY_CAPABILITIES,
  configSchema: SetevoyRegionConfig,
  demoCredentials: (config) =>
    config.extension.auth.type === 'hmac' && config.extension.auth.demoSecret
      ? [config.extension.auth.demoSecret]
      : [],
  create: (config, deps) => new SetevoyRegionAdapter(config, deps),
} satisfies DiaryAdapterDescriptor<SetevoyRegionConfig>;
