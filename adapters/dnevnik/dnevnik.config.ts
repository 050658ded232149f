import { z } from 'zod';

/** The token the emulator accepts when DNEVNIK_<n>_CREDENTIALS is unset: a demo value, never a production one. */
export const DNEVNIK_DEMO_ACCESS_TOKEN = 'dnevnik-demo-access-token';

/**
 * Settings of one Дневник.ру instance (`settings` in config/instances.json); every key has a demo default, and
 * an unknown key (a typo) is refused rather than ignored.
 */
export const DnevnikConfig = z.strictObject({
  /** Path prefix of the REST API. */
  apiPrefix: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]*$/)
    .default('/v2')
    .describe('Path prefix of the vendor REST API'),
  /** Used when the instance's credential variable is unset; null makes a missing credential an error. */
  demoAccessToken: z
    .string()
    .min(1)
    .nullable()
    .default(DNEVNIK_DEMO_ACCESS_TOKEN)
    .describe('Access-Token used when the credential variable is unset (demo only; null to require it)'),
});

/** Parsed settings of a Дневник.ру instance. */
export type DnevnikConfig = z.infer<typeof DnevnikConfig>;
