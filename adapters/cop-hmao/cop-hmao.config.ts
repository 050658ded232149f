import { z } from 'zod';
import { extensionSettings } from '../diary-api/diary-api.config';

/**
 * The extension's HMAC secret the adapter signs with when COP_86_CREDENTIALS is unset: a public demo value the
 * emulator accepts, never a production one.
 */
export const COP_HMAO_DEMO_API_KEY = 'cop-86-demo-api-key';

/** ЭлЖур's developer key the emulator accepts (a demo value: a real one is issued to the integrator by ЭлЖур). */
export const COP_HMAO_DEMO_DEVKEY = '3c9e1a8f2d4b6e7a9c0d1f2e3a4b5c6d';

/**
 * Where the platform deploys the published diary API (docs/diary-api.openapi.json) for what ЭлЖур's own API
 * lacks, and how the gateway authenticates there: diary-api's one `extension` schema (HMAC or mutual TLS). The
 * demo key is shorter than diary-api's 32 characters, so this block accepts demo secrets from 8.
 */
const Extension = extensionSettings(
  { type: 'hmac', keyId: 'demo-cop-86', demoSecret: COP_HMAO_DEMO_API_KEY },
  { demoSecretMin: 8 },
);

/** Settings of one ЦОП ХМАО-Югры instance (`settings` in config/instances.json); defaults fit the demo. */
export const CopHmaoConfig = z
  .strictObject({
    /** Path of ЭлЖур's own API below the instance's base URL (`apiv3`; older clients use `api`). */
    apiPath: z.string().startsWith('/').default('/apiv3'),
    /**
     * ЭлЖур's developer key, sent as `devkey` in every apiv3 call's query string (so it lands in access logs:
     * it names the application, it is no secret; public clients publish theirs).
     */
    devkey: z.string().min(8).default(COP_HMAO_DEMO_DEVKEY),
    /**
     * Whether the instance checks diary passwords (apiv3 `auth`). Off for ЦОП ХМАО-Югры, whose sign-in is
     * through Госуслуги; an ЭлЖур host that keeps passwords turns it on and names its `vendor`.
     */
    passwordLogin: z.boolean().default(false),
    /** The ЭлЖур `vendor` (school subdomain) the password check signs in at; needed with passwordLogin. */
    vendor: z.string().min(1).optional(),
    extension: Extension.default({
      apiPath: '/elg/v1',
      auth: { type: 'hmac', keyId: 'demo-cop-86', demoSecret: COP_HMAO_DEMO_API_KEY },
    }),
  })
  .refine((c) => !c.passwordLogin || c.vendor, {
    message: 'passwordLogin needs the ЭлЖур vendor the password check signs in at',
    path: ['vendor'],
  });

/** Validated settings of a ЦОП ХМАО-Югры instance. */
export type CopHmaoConfig = z.infer<typeof CopHmaoConfig>;
