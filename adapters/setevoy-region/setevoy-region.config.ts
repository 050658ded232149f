import { z } from 'zod';

/** Accepted by the emulator when SETEVOY_38_CREDENTIALS is unset: a demo convenience, never a production value. */
export const DEMO_INTEGRATION_TOKEN = 'setevoy-38-demo-integration-token';

/**
 * The settings of one «Сетевой Регион. Образование» installation (`settings` in config/instances.json); an
 * unknown key (a typo) is refused rather than ignored.
 */
export const SetevoyRegionConfig = z.strictObject({
  countryId: z.number().int().default(2).describe('cid: the country level of the sign-in cascade'),
  regionId: z.number().int().default(38).describe('sid: the region this installation serves'),
  allowDemoCredential: z
    .boolean()
    .default(true)
    .describe(
      'use the demo integration token when the credential variable is unset (demo only: set false in production)',
    ),
});

/** Validated settings of one installation. */
export type SetevoyRegionConfig = z.infer<typeof SetevoyRegionConfig>;
