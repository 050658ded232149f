import { z } from 'zod';
import { extensionSettings } from '../diary-api/diary-api.config';

/**
 * DEVELOPMENT ONLY: the demo key the gateway signs the extension's calls with while the instance's credential
 * variable (SETEVOY_38_CREDENTIALS) is unset; the same pair as setevoy-38's in config/demo-vendor-credentials.json,
 * which the emulator accepts by default. Production refuses to start with it (demoCredentials).
 */
export const DEMO_EXTENSION_KEY = {
  keyId: 'demo-setevoy-38',
  secret: 'I--0ztYccWu-6BuUxYkK_OvOdLs8onAAd6Hwd3FzHmk',
} as const;

/**
 * The diary-API extension the vendor deploys beside its own API (docs/diary-api.openapi.json): the one schema of
 * the vendors' `extension` block, with this installation's demo key when the block leaves `auth` out.
 */
const Extension = extensionSettings({
  type: 'hmac',
  keyId: DEMO_EXTENSION_KEY.keyId,
  demoSecret: DEMO_EXTENSION_KEY.secret,
});

/**
 * The settings of one «Сетевой Регион. Образование» installation (`settings` in config/instances.json); an
 * unknown key (a typo) is refused rather than ignored.
 */
export const SetevoyRegionConfig = z.strictObject({
  countryId: z.number().int().default(2).describe('cid: the country level of the sign-in cascade'),
  regionId: z.number().int().default(38).describe('sid: the region this installation serves'),
  extension: Extension.default(Extension.parse({})).describe(
    'the diary-API extension: apiPath and auth, as a diary-api instance has them',
  ),
});

/** Validated settings of one installation. */
export type SetevoyRegionConfig = z.infer<typeof SetevoyRegionConfig>;
